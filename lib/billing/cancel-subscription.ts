import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { badRequest, conflict, forbidden, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { now } from "@/lib/clock";
import { requireCurrentSubscription } from "./org-billing";
import { clearPending } from "./change-plan";
import { isChangeableStatus, isCurrentStatus } from "./subscription-states";
import { syncStripeCustomer, type SyncResult } from "./sync-stripe-customer";

export type CancelInput = {
  orgId: string;
  /** A specific subscription of the organisation (the admin console); default: its current one. */
  subscriptionId?: string;
  /** "period_end" (default): keeps the plan until the period ends. "now": platform admins only. */
  when?: "period_end" | "now";
  actor: Actor;
  reason?: string;
};

/**
 * The one cancel path (customers, the API and the admin console): at the period end (no refund; the
 * final invoice bills the period's overage) or, for platform admins, at once (no refund, no final
 * usage invoice: docs/BILLING.md §3). Cancelling drops a pending change (its schedule is released).
 * Same Stripe parameters and audit actions whoever asks; the actor
 * says who did it.
 */
export async function cancelSubscription(input: CancelInput): Promise<{ subscriptionId: string; effectiveAt: string; sync: SyncResult }> {
  const sub = input.subscriptionId ? await subscriptionOf(input.orgId, input.subscriptionId) : await requireCurrentSubscription(input.orgId);
  const when = input.when ?? "period_end";
  if (!isCurrentStatus(sub.status)) throw conflict("This subscription has already ended.", "already_canceled");
  const reason = input.reason ? input.reason.slice(0, 500) : undefined;
  const pending = sub.pendingChange ?? null;
  if (when === "now") {
    if (input.actor.type !== "admin") throw forbidden("Only platform admins can cancel a subscription immediately.");
    await callStripe("subscriptions.cancel", (s, o) => s.subscriptions.cancel(sub.id, { prorate: false, invoice_now: false }, o), { idempotencyKey: `cancel-now:${sub.id}` });
  } else {
    if (!isChangeableStatus(sub.status)) throw badRequest("This subscription cannot be changed; start a new checkout.", undefined, "subscription_not_changeable");
    if (sub.cancelAtPeriodEnd) throw badRequest("The subscription is already set to cancel at the period end.", undefined, "already_cancelling");
    // A pending (scheduled) change is dropped: the subscription ends at the period end instead
    // (docs/BILLING.md §3); resuming does not bring it back.
    if (pending) await clearPending(sub, `cancel-pending:${sub.id}:${sub.syncedAt.getTime()}`);
    await callStripe(
      "subscriptions.update",
      (s, o) => s.subscriptions.update(sub.id, { cancel_at_period_end: true, metadata: { cancel_reason: reason ?? "", canceled_by: input.actor.type } }, o),
      { idempotencyKey: `cancel-period-end:${sub.id}:${sub.syncedAt.getTime()}` },
    );
  }
  const effectiveAt = when === "now" ? now().toISOString() : sub.currentPeriodEnd.toISOString();
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: when === "now" ? "subscription.cancelled_now" : "subscription.cancel_scheduled",
    target: sub.id,
    before: { status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd, pendingChange: pending },
    after: { when, effectiveAt, reason: reason ?? null, pendingChange: null },
    event: {
      type: "subscription.canceled",
      data: {
        subscription_id: sub.id,
        plan: sub.planKey,
        status: when === "now" ? "canceled" : sub.status,
        interval: sub.interval,
        cancel_at_period_end: when !== "now",
        current_period_end: sub.currentPeriodEnd.toISOString(),
        at_period_end: when !== "now",
        ends_at: effectiveAt,
        reason: reason ?? null,
      },
    },
  });
  const sync = await syncStripeCustomer(sub.customerId, { actor: input.actor });
  return { subscriptionId: sub.id, effectiveAt, sync };
}

async function subscriptionOf(orgId: string, subscriptionId: string) {
  const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.orgId, orgId)));
  if (!sub) throw notFound("subscription");
  return sub;
}
