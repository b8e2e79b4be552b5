import { catalog, getPlan, planPrice } from "./catalog";
import type { Interval } from "./catalog-schema";
import { badRequest } from "@/lib/errors";

export type ChangeKind = "upgrade" | "downgrade" | "none";

/**
 * Upgrade (applied now, prorated) or downgrade (applied at the period end): a higher plan in the
 * catalog is an upgrade; on the same plan monthly → yearly is an upgrade and yearly → monthly a
 * downgrade; a lower plan is a downgrade.
 */
export function planChangeKind(from: { planKey: string; interval: string }, to: { planKey: string; interval: Interval }): ChangeKind {
  const rank = (k: string) => catalog.plans.findIndex((p) => p.key === k);
  if (from.planKey === to.planKey && from.interval === to.interval) return "none";
  if (rank(to.planKey) !== rank(from.planKey)) return rank(to.planKey) > rank(from.planKey) ? "upgrade" : "downgrade";
  return to.interval === "year" ? "upgrade" : "downgrade";
}

/** The target plan must exist, be paid and be offered at that interval. */
export function requirePaidPlan(planKey: string, interval: Interval) {
  const plan = getPlan(planKey);
  if (!plan) throw badRequest(`Unknown plan "${planKey}".`, undefined, "unknown_plan");
  const price = planPrice(plan, interval);
  if (price === null) throw badRequest(`The ${plan.name} plan is not offered ${interval === "year" ? "yearly" : "monthly"}.`, undefined, "interval_not_offered");
  if (price === 0) throw badRequest("The free plan needs no subscription: cancel the current one instead.", undefined, "free_plan");
  return { plan, priceCents: price };
}
