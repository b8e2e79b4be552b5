import "server-only";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { badRequest } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { catalog } from "./catalog";
import { getCatalogIds } from "./catalog-ids";
import { appUrl } from "./checkout-urls";
import { ensureStripeCustomer } from "./org-billing";

/**
 * A one-time Checkout session (payment mode) for a credit pack with a new card. The
 * `checkout.session.completed` webhook (or the return page) grants the pack's credits once, keyed by
 * the session id, when the session is paid. The card is kept only if `saveCard` (the customer asked);
 * a saved card pays without checkout (payPackWithSavedCard).
 */
export async function createPaymentCheckout(input: {
  orgId: string;
  packKey: string;
  successUrl?: string;
  cancelUrl?: string;
  actor: Actor;
  idempotencyKey?: string;
  /** Keep the card typed at checkout for later payments — only when the customer ticked it (never silently). */
  saveCard?: boolean;
}): Promise<{ id: string; url: string }> {
  const pack = catalog.creditPacks.find((p) => p.key === input.packKey);
  if (!pack) throw badRequest(`Unknown credit pack "${input.packKey}".`, undefined, "unknown_pack");
  const ids = await getCatalogIds();
  const price = ids.packPriceId(pack.key);
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  const metadata = { org_id: input.orgId, pack_key: pack.key };
  const session = await callStripe(
    "checkout.sessions.create",
    (s, o) =>
      s.checkout.sessions.create(
        {
          mode: "payment",
          customer,
          client_reference_id: input.orgId,
          line_items: [{ price, quantity: 1 }],
          metadata,
          payment_intent_data: { metadata, ...(input.saveCard ? { setup_future_usage: "off_session" as const } : {}) },
          success_url: appUrl("/billing/credits?purchase=success&session_id={CHECKOUT_SESSION_ID}", input.successUrl),
          cancel_url: appUrl("/billing/credits?purchase=cancelled", input.cancelUrl),
        },
        o,
      ),
    input.idempotencyKey ? { idempotencyKey: `pack:${input.orgId}:${pack.key}:${input.saveCard ? "save" : "once"}:${input.idempotencyKey}` } : {},
  );
  await record(db, { actor: input.actor, orgId: input.orgId, action: "credits.purchase_started", target: session.id, after: { pack: pack.key, credits: pack.credits, priceCents: pack.priceCents } });
  return { id: session.id, url: session.url ?? appUrl("/billing/credits") };
}
