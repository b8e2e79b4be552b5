import "server-only";
import type Stripe from "stripe";
import { grantPackOfSession } from "@/lib/billing/confirm-pack-purchase";
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
  const res = await grantPackOfSession(
    { ...session, metadata: { ...session.metadata, ...(session.metadata?.org_id || !synced?.orgId ? {} : { org_id: synced.orgId }) } },
    ctx.actor,
  );
  return { note: res.note };
};
