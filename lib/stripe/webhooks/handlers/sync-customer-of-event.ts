import "server-only";
import type Stripe from "stripe";
import { mirrorSyncedSince, syncStripeCustomer, type SyncResult } from "@/lib/billing/sync-stripe-customer";
import { eventCustomerId } from "../event-customer";
import type { WebhookContext } from "../types";

/**
 * The common handler body: re-sync the event's customer (a no-op note when the event names none) —
 * unless a sync that read Stripe after this event arrived already wrote the mirror (a backlog of one
 * customer's events costs one sync, not one each). Event-specific effects still run per event.
 */
export async function syncCustomerOfEvent(event: Stripe.Event, ctx: WebhookContext, customerId = eventCustomerId(event)): Promise<SyncResult | null> {
  if (!customerId) return null;
  if (ctx.receivedAt) {
    const fresh = await mirrorSyncedSince(customerId, ctx.receivedAt);
    if (fresh) return fresh;
  }
  return syncStripeCustomer(customerId, { actor: ctx.actor });
}

export function noteFor(result: SyncResult | null): { note?: string } {
  if (!result) return { note: "event names no customer" };
  if (!result.orgId) return { note: `no organisation for customer ${result.customerId}` };
  return {};
}
