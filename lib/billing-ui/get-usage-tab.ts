import "server-only";
import { catalog } from "@/lib/billing/catalog";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { now } from "@/lib/clock";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";
import { usageBars } from "./overview";
import { dailySeries, endpointRows, periodChoices } from "./usage-tab";

/** The usage tab: daily series per metric, per-endpoint breakdown, period choices (current or YYYY-MM). */
export async function getUsageTab(orgId: string, period: string) {
  const [summary, org] = await Promise.all([getUsageSummary(orgId, period), resolveOrgPlan(orgId)]);
  const at = now();
  const plan = catalog.plans.find((p) => p.key === summary.plan) ?? catalog.plans[0]!;
  return {
    period: summary.period,
    planName: plan.name,
    metrics: catalog.metrics.map((m) => ({ key: m.key, name: m.name, unit: m.unit, kind: m.kind })),
    // the current period's allowance (12 × for a yearly period) and a trial's overage at $0
    bars: usageBars(catalog, plan, summary.metrics, { interval: org.interval, trial: org.subscription?.status === "trialing" && !org.restricted }),
    series: dailySeries(catalog, summary, at),
    endpoints: endpointRows(summary),
    choices: periodChoices(at),
  };
}
