import "server-only";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { badRequest } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { requireCurrentSubscription } from "./org-billing";
import { syncStripeCustomer, type SyncResult } from "./sync-stripe-customer";

/** Undo a cancellation scheduled for the period end (the subscription simply renews). */
export async function resumeSubscription(input: { orgId: string; actor: Actor }): Promise<{ subscriptionId: string; sync: SyncResult }> {
  const sub = await requireCurrentSubscription(input.orgId);
  if (!sub.cancelAtPeriodEnd) throw badRequest("The subscription is not set to cancel.", undefined, "not_cancelling");
  await callStripe("subscriptions.update", (s, o) => s.subscriptions.update(sub.id, { cancel_at_period_end: false }, o));
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: "subscription.resumed",
    target: sub.id,
    before: { cancelAtPeriodEnd: true },
    after: { cancelAtPeriodEnd: false },
    event: {
      type: "subscription.resumed",
      data: { subscription_id: sub.id, plan: sub.planKey, status: sub.status, interval: sub.interval, cancel_at_period_end: false, current_period_end: sub.currentPeriodEnd.toISOString() },
    },
  });
  const sync = await syncStripeCustomer(sub.customerId, { actor: input.actor });
  return { subscriptionId: sub.id, sync };
}
