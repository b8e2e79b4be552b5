import "server-only";
import Stripe from "stripe";
import { grantPackOfSession } from "@/lib/billing/confirm-pack-purchase";
import { getStripe } from "@/lib/stripe/client";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `checkout.session.completed`: re-sync the customer (subscription mode: the subscription appears in
 * the mirror whatever order this and `customer.subscription.created` arrive in — both upsert by the
 * subscription's id). Payment mode with `metadata.pack_key` + `metadata.org_id`: grant the pack's
 * credits once, keyed by the session id, only when the session is paid.
 *
 * Money moves on what Stripe says, not on what the event body says: the session is read back from
 * Stripe (by id) and its own mode, metadata and payment_status decide. A forged or tampered event —
 * a session Stripe does not have, or one that is not paid — grants nothing.
 */
export const onCheckoutSessionCompleted: WebhookHandler = async (event, ctx) => {
  const claimed = event.data.object as Stripe.Checkout.Session;
  const synced = await syncCustomerOfEvent(event, ctx);
  if (claimed.mode !== "payment") return noteFor(synced);
  let session: Stripe.Checkout.Session;
  try {
    session = await getStripe().checkout.sessions.retrieve(claimed.id);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === "resource_missing") {
      return { note: `checkout session ${claimed.id} is unknown to Stripe: nothing granted` };
    }
    throw err; // transient: the event is retried
  }
  if (session.mode !== "payment") return { note: `checkout session ${session.id} is not a payment session at Stripe` };
  // The one pack grant (lib/billing/confirm-pack-purchase.ts), shared with the return page.
  const res = await grantPackOfSession({ ...session, metadata: { ...session.metadata, ...(session.metadata?.org_id || !synced?.orgId ? {} : { org_id: synced.orgId }) } }, ctx.actor);
  return { note: res.note };
};
