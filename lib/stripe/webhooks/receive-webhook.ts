import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { badRequest, unavailable } from "@/lib/errors";
import { jsonDeeperThan } from "@/lib/http/json-depth";
import { logger } from "@/lib/log";
import { enqueueStripeEvent } from "./enqueue-event";
import { storeStripeEvent } from "./store-event";
import { WEBHOOK_TOLERANCE_SECONDS, webhookSecret } from "./webhook-secret";

export type ReceiveResult = { received: true; eventId: string; duplicate: boolean };

/**
 * The webhook route's work: verify the signature on the RAW body, store the event (unique by id),
 * hand it to the queue, answer. Nothing is stored unless the signature is valid and recent.
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<ReceiveResult> {
  const event = await verifyStripeWebhook(rawBody, signature);
  const { stored } = await storeStripeEvent(event);
  if (stored) {
    try {
      await enqueueStripeEvent(event.id);
    } catch (err) {
      // Stored but not queued: the sweeper picks pending events up again, so the 2xx stands.
      logger.error({ err, eventId: event.id }, "could not enqueue stripe event; the sweeper will retry");
    }
  }
  return { received: true, eventId: event.id, duplicate: !stored };
}

/**
 * Stripe's events nest a handful of levels (an expanded object inside an object inside `data`); far
 * deeper JSON is no Stripe event, and 5,000 levels overflowed the stack storing it (a 500).
 */
export const MAX_WEBHOOK_JSON_DEPTH = 64;

/** Verify the Stripe-Signature of a raw body (tolerance 300 s) and parse the event; 400s otherwise. */
export async function verifyStripeWebhook(rawBody: string, signature: string | null): Promise<Stripe.Event> {
  const secret = webhookSecret();
  if (!secret) throw unavailable("Stripe webhooks are not configured (set STRIPE_WEBHOOK_SECRET).", "webhook_not_configured");
  if (!signature) throw badRequest("Missing Stripe-Signature header.", undefined, "missing_signature");
  if (jsonDeeperThan(rawBody, MAX_WEBHOOK_JSON_DEPTH)) {
    throw badRequest(`The webhook body nests deeper than ${MAX_WEBHOOK_JSON_DEPTH} levels: not a Stripe event.`, undefined, "invalid_event");
  }
  // The SDK refuses signatures older than the tolerance, not ones from the future: a timestamp ahead of
  // now by more than the tolerance is no delivery that just happened (a captured or forged replay kit).
  // Signatures are about wall-clock transport (the SDK checks them against Date.now), not billing time.
  const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1]);
  if (Number.isFinite(signedAt) && signedAt > Date.now() / 1000 + WEBHOOK_TOLERANCE_SECONDS) {
    throw badRequest("The webhook signature is dated in the future.", undefined, "signature_in_future");
  }
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      const expired = /tolerance/i.test(err.message);
      throw badRequest(
        expired ? "The webhook signature has expired." : "The webhook signature does not match the payload.",
        undefined,
        expired ? "signature_expired" : "invalid_signature",
      );
    }
    throw badRequest("The webhook body is not valid JSON.", undefined, "invalid_json");
  }
  if (!event || typeof event.id !== "string" || typeof event.type !== "string" || !Number.isSafeInteger(event.created) || event.created < 0 || event.created > 253402300799 || typeof event.data !== "object" || event.data === null) {
    throw badRequest("The webhook body is not a Stripe event.", undefined, "invalid_event");
  }
  // A live event at a test-mode (or sandbox) installation, or a test event at a live one, is refused:
  // it cannot describe this installation's customers.
  const live = Boolean(env.STRIPE_SECRET_KEY?.includes("_live_"));
  if (Boolean((event as { livemode?: unknown }).livemode) !== live) {
    throw badRequest(`A ${live ? "test-mode" : "live-mode"} event was sent to a ${live ? "live" : "test-mode"} installation.`, undefined, "livemode_mismatch");
  }
  return event;
}
