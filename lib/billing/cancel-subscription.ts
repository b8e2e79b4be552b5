import "server-only";
import { db } from "@/db";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { badRequest, forbidden } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { now } from "@/lib/clock";
import { requireCurrentSubscription } from "./org-billing";
import { syncStripeCustomer, type SyncResult } from "./sync-stripe-customer";

export type CancelInput = {
  orgId: string;
  /** "period_end" (default): keeps the plan until the period ends. "now": platform admins only. */
  when?: "period_end" | "now";
  actor: Actor;
  reason?: string;
};

/** Cancel the organisation's subscription at the period end (customers) or at once (platform admins). */
export async function cancelSubscription(input: CancelInput): Promise<{ subscriptionId: string; effectiveAt: string; sync: SyncResult }> {
  const sub = await requireCurrentSubscription(input.orgId);
  const when = input.when ?? "period_end";
  if (when === "now") {
    if (input.actor.type !== "admin") throw forbidden("Only platform admins can cancel a subscription immediately.");
    await callStripe("subscriptions.cancel", (s, o) => s.subscriptions.cancel(sub.id, { prorate: false, invoice_now: false }, o), { idempotencyKey: `cancel-now:${sub.id}` });
  } else {
    if (sub.cancelAtPeriodEnd) throw badRequest("The subscription is already set to cancel at the period end.", undefined, "already_cancelling");
    await callStripe(
      "subscriptions.update",
      (s, o) => s.subscriptions.update(sub.id, { cancel_at_period_end: true, ...(input.reason ? { metadata: { cancel_reason: input.reason.slice(0, 500) } } : {}) }, o),
    );
  }
  const effectiveAt = when === "now" ? now().toISOString() : sub.currentPeriodEnd.toISOString();
  await writeAudit(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: when === "now" ? "subscription.cancelled_now" : "subscription.cancel_scheduled",
    target: sub.id,
    before: { status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd },
    after: { when, effectiveAt, reason: input.reason ?? null },
  });
  const sync = await syncStripeCustomer(sub.customerId, { actor: input.actor });
  return { subscriptionId: sub.id, effectiveAt, sync };
}
