import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { organizations, subscriptions } from "@/db/schema";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { conflict, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";

export const adminCancelSubscriptionSchema = z.object({
  orgId: z.string().min(1).max(100),
  subscriptionId: z.string().min(1).max(100),
  /** period_end: stop renewing (the customer keeps access until the period ends); now: end immediately. */
  mode: z.enum(["period_end", "now"]),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
});
export type AdminCancelSubscriptionInput = z.infer<typeof adminCancelSubscriptionSchema>;

/** An admin cancels an organisation's subscription in Stripe, then re-syncs the mirror. Audited. */
export async function adminCancelSubscription(input: AdminCancelSubscriptionInput, actor: Actor) {
  const p = adminCancelSubscriptionSchema.parse(input);
  const [sub] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, p.subscriptionId), eq(subscriptions.orgId, p.orgId)));
  if (!sub) throw notFound("subscription");
  if (["canceled", "incomplete_expired"].includes(sub.status)) throw conflict("This subscription has already ended.", "already_canceled");
  const [org] = await db.select({ customerId: organizations.stripeCustomerId }).from(organizations).where(eq(organizations.id, p.orgId));
  if (p.mode === "now") {
    await callStripe("subscriptions.cancel", (s, o) => s.subscriptions.cancel(p.subscriptionId, {}, o), { idempotencyKey: `${p.subscriptionId}:now` });
  } else {
    await callStripe(
      "subscriptions.update",
      (s, o) => s.subscriptions.update(p.subscriptionId, { cancel_at_period_end: true, metadata: { canceled_by: "admin" } }, o),
      { idempotencyKey: `${p.subscriptionId}:cancel_at_period_end` },
    );
  }
  await writeAudit(db, {
    actor,
    orgId: p.orgId,
    action: p.mode === "now" ? "admin.subscription_canceled" : "admin.subscription_cancel_scheduled",
    target: p.subscriptionId,
    before: { status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd },
    after: { mode: p.mode, reason: p.reason },
  });
  const customerId = org?.customerId ?? sub.customerId;
  return syncStripeCustomer(customerId, { actor });
}
