import "server-only";
import { db } from "@/db";
import { record } from "@/lib/events/record";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `customer.deleted`: re-sync the mirror (Stripe cancels a deleted customer's subscriptions, so the
 * organisation falls back to Free) and tell the organisation once. Its next checkout creates a new
 * customer (ensureStripeCustomer).
 */
export const onCustomerDeleted: WebhookHandler = async (event, ctx) => {
  const synced = await syncCustomerOfEvent(event, ctx);
  if (!synced?.orgId || !synced.deleted) return noteFor(synced);
  await record(db, {
    actor: ctx.actor,
    orgId: synced.orgId,
    target: synced.customerId,
    event: { type: "customer.deleted", data: { customer_id: synced.customerId } },
    key: `customer_deleted:${synced.customerId}`,
    notice: {
      kind: "billing_account_deleted",
      title: "Your billing account was removed",
      body: "The payment provider's record of your billing account was deleted, so any subscription ended and you are on the Free plan. Choose a plan again to resubscribe.",
      email: true,
    },
  });
  return {};
};
