import { catalog, getPlan } from "@/lib/billing/catalog";
import type { Interval } from "@/lib/billing/catalog-schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { badRequest, conflict } from "@/lib/errors";
import { checkCodeInCatalog } from "./first-invoice-preview";
import { completeStep, loadSession } from "./session";

export type PlanChoice = { planKey: string; interval: Interval; discountCode?: string | null };

/**
 * Validate a plan choice: the plan exists, is offered at that interval, and the code (if any) applies
 * to it. Returns the normalised choice (free → monthly, no code). Pure over the catalog.
 */
export function validatePlanChoice(choice: PlanChoice) {
  const plan = getPlan(choice.planKey);
  if (!plan) throw badRequest(`Unknown plan "${choice.planKey}".`, { fields: [{ field: "planKey", message: "unknown plan" }] }, "unknown_plan");
  const free = plan.prices.monthly === 0 && plan.prices.yearly === null;
  if (free) return { plan, interval: "month" as Interval, discountCode: null };
  if (choice.interval === "year" && plan.prices.yearly === null) throw badRequest(`${plan.name} is not offered yearly.`, undefined, "interval_unavailable");
  const code = choice.discountCode?.trim() ? choice.discountCode.trim().toUpperCase() : null;
  if (code) {
    const check = checkCodeInCatalog(catalog.coupons, code, plan);
    if (!check.ok) throw badRequest(check.reason, { fields: [{ field: "discountCode", message: check.reason }] }, "invalid_discount");
  }
  return { plan, interval: choice.interval, discountCode: code };
}

/**
 * Step 4: record the plan, interval and discount code. Choosing a paid plan before a card was added
 * sends the wizard back to the payment step; the free plan skips it. Idempotent.
 * `extraCheck` lets the caller run Stripe-side validation of the code (redemptions, expiry).
 */
export async function choosePlan(input: PlanChoice & { orgId: string; actor: Actor }, extraCheck?: (code: string, planKey: string) => Promise<void>) {
  const v = validatePlanChoice(input);
  if (v.discountCode && extraCheck) await extraCheck(v.discountCode, v.plan.key);
  return withOrg(input.orgId, async (tx) => {
    const session = await loadSession(input.orgId, tx);
    if (!session) throw conflict("Start onboarding first.", "onboarding_not_started");
    if (session.completedSteps.includes("subscription")) throw conflict("Your subscription is already set up; change plans from the billing page.", "onboarding_subscribed");
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "onboarding.plan_chosen",
      target: input.orgId,
      before: { plan: session.planKey, interval: session.interval, discount_code: session.discountCode },
      after: { plan: v.plan.key, interval: v.interval, discount_code: v.discountCode },
    });
    return completeStep(tx, session, "plan", { planKey: v.plan.key, interval: v.interval, discountCode: v.discountCode });
  });
}

/** "Continue without a card": provisionally choose the free plan, which does not need the payment step. */
export async function skipPaymentStep(input: { orgId: string }) {
  return withOrg(input.orgId, async (tx) => {
    const session = await loadSession(input.orgId, tx);
    if (!session) throw conflict("Start onboarding first.", "onboarding_not_started");
    if (session.completedSteps.includes("subscription")) return session;
    return completeStep(tx, session, null, { planKey: "free", interval: "month", discountCode: null });
  });
}
