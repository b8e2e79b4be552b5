import { catalog, getPlan, planPrice } from "./catalog";
import type { Interval } from "./catalog-schema";
import { badRequest } from "@/lib/errors";
import { isTrialStatus } from "./subscription-states";

export type ChangeKind = "upgrade" | "downgrade" | "none";

/**
 * When a change takes effect (docs/BILLING.md §2, §3) — the one classification the change, its
 * preview and the plans tab follow:
 * - "upgrade": applied now (prorated and charged at once; nothing charged during a trial): a higher
 *   plan at the same interval, monthly → yearly on the same or a higher plan, and, during a trial,
 *   every change;
 * - "downgrade": applied at the end of the current period (nothing charged now): a lower plan, every
 *   yearly → monthly change (a higher plan included: Pro yearly → Enterprise monthly), and monthly →
 *   yearly on a lower plan;
 * - "none": the current plan and interval.
 * `plans` is the catalog's plan order (lowest first).
 */
export function planChangeKind(
  from: { planKey: string; interval: string; status?: string | null },
  to: { planKey: string; interval: Interval },
  plans: readonly { key: string }[] = catalog.plans,
): ChangeKind {
  if (from.planKey === to.planKey && from.interval === to.interval) return "none";
  if (isTrialStatus(from.status)) return "upgrade";
  const rank = (k: string) => plans.findIndex((p) => p.key === k);
  const higher = rank(to.planKey) > rank(from.planKey);
  const same = rank(to.planKey) === rank(from.planKey);
  if (from.interval === to.interval) return higher ? "upgrade" : "downgrade";
  if (to.interval === "year") return higher || same ? "upgrade" : "downgrade";
  return "downgrade";
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
