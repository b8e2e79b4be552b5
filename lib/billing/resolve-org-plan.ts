import { and, desc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions, type Subscription } from "@/db/schema";
import { catalog, freePlan, getPlan, type Interval, type Plan } from "@/lib/billing/catalog";
import { periodLimits } from "@/lib/billing/catalog-schema";
import { now, nowMs } from "@/lib/clock";
import { env } from "@/lib/env";
import { calendarMonth } from "@/lib/usage/period";
import { PLAN_BEARING_STATUSES, subscriptionState } from "./subscription-states";

export type OrgPlan = {
  plan: Plan;
  subscription: Subscription | null;
  periodStart: Date;
  periodEnd: Date;
  /**
   * The length of the current period for allowances: "year" for a yearly subscription's paid period,
   * "month" for a trial (a 14-day first period, docs/BILLING.md §2), a monthly subscription and the
   * Free plan's calendar months.
   */
  interval: Interval;
  /** The plan's limits for the current period (docs/BILLING.md §5: a yearly period includes 12 × the monthly allowance of summed metrics). */
  limits: Plan["limits"];
  /** A paid subscription exists but is past its grace period (or unpaid): free-plan limits apply. */
  restricted: boolean;
};

const TTL_MS = 5_000;
const cache = new Map<string, { value: OrgPlan; until: number }>();

/**
 * Drop cached plans (one org, or all). syncStripeCustomer should call this after writing the mirror;
 * other processes see the change within TTL_MS (5 s) at most.
 */
export function invalidateOrgPlan(orgId?: string) {
  if (orgId) cache.delete(orgId);
  else cache.clear();
}

/**
 * The length of a subscription's current period for allowances: a yearly subscription's paid period
 * is a year; a trial is a 14-day first period with the monthly allowance (docs/BILLING.md §2, §5).
 */
export function allowanceInterval(sub: { interval: string; status: string }): Interval {
  return sub.interval === "year" && sub.status !== "trialing" ? "year" : "month";
}

/** Pure choice of the effective plan from an org's subscriptions (newest first). */
export function pickOrgPlan(subs: Subscription[], at: Date, graceDays: number): OrgPlan {
  const access = (s: Subscription) => subscriptionState(s.status).access;
  const live = subs.find((s) => access(s) === "plan");
  const graceMs = graceDays * 86_400_000;
  const inGrace = subs.find(
    (s) => access(s) === "grace" && (s.pastDueSince === null || at.getTime() - s.pastDueSince.getTime() <= graceMs),
  );
  const chosen = live ?? inGrace;
  const plan = chosen ? getPlan(chosen.planKey) : undefined;
  if (chosen && plan) {
    const interval = allowanceInterval(chosen);
    return { plan, subscription: chosen, periodStart: chosen.currentPeriodStart, periodEnd: chosen.currentPeriodEnd, interval, limits: periodLimits(catalog, plan, interval), restricted: false };
  }
  const lapsed = subs.find((s) => access(s) === "grace" || access(s) === "restricted");
  const month = calendarMonth(at);
  const free = freePlan();
  return { plan: free, subscription: lapsed ?? null, periodStart: month.start, periodEnd: month.end, interval: "month", limits: free.limits, restricted: Boolean(lapsed) };
}

/** The organisation's effective plan and billing period at `at` (default: now). One indexed query, cached 5 s. */
export async function resolveOrgPlan(orgId: string, at?: Date): Promise<OrgPlan> {
  const t = nowMs();
  if (!at) {
    const hit = cache.get(orgId);
    if (hit && hit.until > t && hit.value.periodEnd.getTime() > t && hit.value.periodStart.getTime() <= t) return hit.value;
  }
  const when = at ?? now();
  const subs = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.orgId, orgId), inArray(subscriptions.status, [...PLAN_BEARING_STATUSES])))
    .orderBy(desc(subscriptions.createdAt))
    .limit(10);
  const value = pickOrgPlan(subs, when, env.GRACE_PERIOD_DAYS);
  if (!at) {
    if (cache.size > 10_000) cache.clear();
    cache.set(orgId, { value, until: t + TTL_MS });
  }
  return value;
}
