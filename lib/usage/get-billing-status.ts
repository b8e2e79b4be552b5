import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { usageCounters } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { gaugeValues } from "./gauges";

type MetricUsage = { current: number; included: number | null; remaining: number | null; usage_percentage: number | null; overage: number; overage_amount_cents: number };

/**
 * The seed contract: `{has_subscription, tier, status, usage:{current, included, remaining,
 * usage_percentage, overage}, expires_at}` — usage is the headline metric — plus
 * `overage_amount_cents` (all metrics) and `usage_by_metric` with the same fields per metric.
 */
export async function getBillingStatus(orgId: string) {
  const org = await resolveOrgPlan(orgId);
  const counters = await db
    .select({ metric: usageCounters.metric, used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.periodStart, org.periodStart)));
  const gauges = await gaugeValues(orgId);
  const byMetric: Record<string, MetricUsage> = {};
  let overageCents = 0;
  for (const m of catalog.metrics) {
    const current = m.kind === "gauge" ? (gauges[m.key] ?? 0) : (counters.find((c) => c.metric === m.key)?.used ?? 0);
    const limit = org.limits[m.key];
    const included = limit?.included ?? null;
    const overage = included === null ? 0 : Math.max(0, current - included);
    // Overage made during a trial is never charged (docs/BILLING.md §2): its units show, at $0.
    const cents = org.subscription?.status === "trialing" ? 0 : overage * (limit?.overageUnitAmountCents ?? 0);
    overageCents += cents;
    byMetric[m.key] = {
      current,
      included,
      remaining: included === null ? null : Math.max(0, included - current),
      usage_percentage: included === null ? null : included === 0 ? (current > 0 ? 100 : 0) : Math.round((current / included) * 1000) / 10,
      overage,
      overage_amount_cents: cents,
    };
  }
  const headline = byMetric[catalog.headlineMetric]!;
  const sub = org.subscription;
  return {
    has_subscription: Boolean(sub) && !org.restricted,
    tier: org.plan.key,
    status: sub ? sub.status : "free",
    usage: {
      current: headline.current,
      included: headline.included,
      remaining: headline.remaining,
      usage_percentage: headline.usage_percentage,
      overage: headline.overage,
    },
    // the end of the period whose limits apply: a restricted organisation is on the Free plan's calendar month (docs/BILLING.md §8)
    expires_at: org.periodEnd.toISOString(),
    overage_amount_cents: overageCents,
    usage_by_metric: byMetric,
  };
}
