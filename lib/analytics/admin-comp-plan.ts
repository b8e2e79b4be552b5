import "server-only";
import { z } from "zod";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { getPlan } from "@/lib/billing/catalog";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { currentSubscription, ensureStripeCustomer } from "@/lib/billing/org-billing";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { badRequest, conflict } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";

export const adminCompPlanSchema = z.object({
  orgId: z.string().min(1).max(100),
  planKey: z.string().min(1).max(50),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
});
export type AdminCompPlanInput = z.infer<typeof adminCompPlanSchema>;

/** The coupon every comped subscription carries: 100 % off, forever. */
const COMP_COUPON = { id: "comp_100_forever", percent_off: 100, duration: "forever" as const, name: "Complimentary plan" };

/**
 * An admin gives an organisation a paid plan for free ("comp"): a real Stripe subscription to the
 * plan's monthly price with a 100 %-off-forever coupon, so invoices stay at $0, entitlements and
 * quotas follow the plan, and MRR counts it as 0. Refused when the organisation already has a live
 * subscription (change or cancel that instead). Audited; the mirror is re-synced.
 */
export async function adminCompPlan(input: AdminCompPlanInput, actor: Actor) {
  const p = adminCompPlanSchema.parse(input);
  const plan = getPlan(p.planKey);
  if (!plan || plan.prices.monthly === 0) throw badRequest(`"${p.planKey}" is not a paid plan of the catalog.`, undefined, "invalid_plan");
  const existing = await currentSubscription(p.orgId);
  if (existing && !["canceled", "incomplete_expired"].includes(existing.status)) {
    throw conflict("This organisation already has a subscription: change or cancel it first.", "already_subscribed");
  }
  const customer = await ensureStripeCustomer(p.orgId, actor);
  const coupon = await callStripe("coupons.retrieve", (s, o) => s.coupons.retrieve(COMP_COUPON.id, {}, o)).catch(async (err) => {
    if ((err as { status?: number }).status !== 404) throw err;
    return callStripe("coupons.create", (s, o) => s.coupons.create(COMP_COUPON, o), { idempotencyKey: COMP_COUPON.id });
  });
  const price = (await getCatalogIds()).priceId(plan.key, "month");
  const sub = await callStripe(
    "subscriptions.create",
    (s, o) =>
      s.subscriptions.create(
        { customer, items: [{ price }], discounts: [{ coupon: coupon.id }], metadata: { org_id: p.orgId, plan_key: plan.key, comped_by: actor.id ?? "admin" } },
        o,
      ),
    { idempotencyKey: `comp:${p.orgId}:${plan.key}:${existing?.id ?? "none"}` },
  );
  await record(db, {
    actor,
    orgId: p.orgId,
    action: "admin.plan_comped",
    target: sub.id,
    after: { plan: plan.key, reason: p.reason },
    event: { type: "entitlement.changed", data: { plan: plan.key, reason: "comped", subscription_id: sub.id } },
  });
  await syncStripeCustomer(customer, { actor });
  return { subscriptionId: sub.id, status: sub.status };
}
