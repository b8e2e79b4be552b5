import "server-only";
import { catalog } from "@/lib/billing/catalog";
import { now } from "@/lib/clock";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";
import { usageBars } from "./overview";
import { dailySeries, endpointRows, periodChoices } from "./usage-tab";

/** The usage tab: daily series per metric, per-endpoint breakdown, period choices (current or YYYY-MM). */
export async function getUsageTab(orgId: string, period: string) {
  const summary = await getUsageSummary(orgId, period);
  const at = now();
  const plan = catalog.plans.find((p) => p.key === summary.plan) ?? catalog.plans[0]!;
  return {
    period: summary.period,
    planName: plan.name,
    metrics: catalog.metrics.map((m) => ({ key: m.key, name: m.name, unit: m.unit, kind: m.kind })),
    bars: usageBars(catalog, plan, summary.metrics),
    series: dailySeries(catalog, summary, at),
    endpoints: endpointRows(summary),
    choices: periodChoices(at),
  };
}
