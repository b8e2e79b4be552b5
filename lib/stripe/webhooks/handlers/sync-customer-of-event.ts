import "server-only";
import type Stripe from "stripe";
import { syncStripeCustomer, type SyncResult } from "@/lib/billing/sync-stripe-customer";
import { eventCustomerId } from "../event-customer";
import type { WebhookContext } from "../types";

/** The common handler body: re-sync the event's customer (a no-op note when the event names none). */
export async function syncCustomerOfEvent(event: Stripe.Event, ctx: WebhookContext, customerId = eventCustomerId(event)): Promise<SyncResult | null> {
  if (!customerId) return null;
  return syncStripeCustomer(customerId, { actor: ctx.actor });
}

export function noteFor(result: SyncResult | null): { note?: string } {
  if (!result) return { note: "event names no customer" };
  if (!result.orgId) return { note: `no organisation for customer ${result.customerId}` };
  return {};
}
