import "server-only";
import type Stripe from "stripe";
import { catalog } from "@/lib/billing/catalog";
import { grantCredits } from "@/lib/credits/grant-credits";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `checkout.session.completed`: re-sync the customer (subscription mode: the subscription appears in
 * the mirror whatever order this and `customer.subscription.created` arrive in — both upsert by the
 * subscription's id). Payment mode with `metadata.pack_key` + `metadata.org_id`: grant the pack's
 * credits once, keyed by the session id, only when the session is paid.
 */
export const onCheckoutSessionCompleted: WebhookHandler = async (event, ctx) => {
  const session = event.data.object as Stripe.Checkout.Session;
  const synced = await syncCustomerOfEvent(event, ctx);
  if (session.mode !== "payment") return noteFor(synced);
  const packKey = session.metadata?.pack_key;
  const orgId = session.metadata?.org_id ?? synced?.orgId ?? null;
  if (!packKey) return { note: "one-time payment without a credit pack" };
  const pack = catalog.creditPacks.find((p) => p.key === packKey);
  if (!pack) return { note: `unknown credit pack ${packKey}` };
  if (!orgId) return { note: "credit pack session without an organisation" };
  if (session.payment_status !== "paid") return { note: `pack not granted: payment_status ${session.payment_status}` };
  const res = await grantCredits({
    orgId,
    source: "purchased",
    amount: pack.credits,
    idempotencyKey: `pack:${session.id}`,
    actor: ctx.actor,
    reason: `Purchased ${pack.name}`,
  });
  return { note: res.duplicate ? `pack ${pack.key} already granted` : `granted ${pack.credits} credits (${pack.key})` };
};
