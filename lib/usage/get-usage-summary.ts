import { and, eq, sql } from "drizzle-orm";
import { usageCounters } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { catalog } from "@/lib/billing/catalog";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { badRequest } from "@/lib/errors";
import { execRows, num } from "./exec-rows";
import { gaugeValues } from "./gauges";
import { parseMonth, periodContaining } from "./period";

/**
 * Usage for one period: per metric (counters), per day and per endpoint (events). `period` is
 * "current" or "YYYY-MM" (the billing period that starts in that month, or contains its anchor day).
 */
export async function getUsageSummary(orgId: string, period: string) {
  const org = await resolveOrgPlan(orgId);
  let range = { start: org.periodStart, end: org.periodEnd };
  if (period !== "current") {
    const month = parseMonth(period);
    if (!month) throw badRequest('period must be "current" or YYYY-MM.', undefined, "invalid_period");
    const probe = new Date(Date.UTC(month.start.getUTCFullYear(), month.start.getUTCMonth(), Math.min(org.periodStart.getUTCDate(), 28)));
    range = periodContaining(probe, range);
  }
  return withOrg(orgId, async (tx) => {
    const counters = await tx
      .select()
      .from(usageCounters)
      .where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.periodStart, range.start)));
    const start = range.start.toISOString();
    const end = range.end.toISOString();
    const days = await execRows<{ metric: string; day: string; quantity: unknown }>(
      tx,
      sql`select metric, to_char(date_trunc('day', ts at time zone 'UTC'), 'YYYY-MM-DD') as day, sum(quantity) as quantity
          from usage_events where org_id = ${orgId} and ts >= ${start}::timestamptz and ts < ${end}::timestamptz
          group by 1, 2 order by 2, 1`,
    );
    const endpoints = await execRows<{ metric: string; endpoint: string; quantity: unknown; requests: unknown }>(
      tx,
      sql`select metric, properties->>'endpoint' as endpoint, sum(quantity) as quantity, count(*) as requests
          from usage_events where org_id = ${orgId} and ts >= ${start}::timestamptz and ts < ${end}::timestamptz and properties ? 'endpoint'
          group by 1, 2 order by 3 desc`,
    );
    // Gauges are current totals (members, the latest storage report): the current period shows them now.
    const current = range.start.getTime() === org.periodStart.getTime();
    const gauges = current ? await gaugeValues(orgId, tx) : {};
    const metrics = catalog.metrics.map((m) => {
      const c = counters.find((x) => x.metric === m.key);
      const limit = org.limits[m.key];
      const gauge = m.kind === "gauge" && current ? (gauges[m.key] ?? 0) : null;
      const used = gauge ?? c?.used ?? 0;
      const included = limit?.included ?? null;
      return {
        metric: m.key,
        kind: m.kind,
        used,
        peak: gauge !== null ? Math.max(gauge, c?.peak ?? 0) : (c?.peak ?? 0),
        included,
        overage: included === null ? 0 : Math.max(0, used - included),
      };
    });
    return {
      period: { start: range.start.toISOString(), end: range.end.toISOString(), current: range.start.getTime() === org.periodStart.getTime() },
      plan: org.plan.key,
      metrics,
      by_day: days.map((d) => ({ metric: d.metric, day: d.day, quantity: num(d.quantity) })),
      by_endpoint: endpoints.map((e) => ({ metric: e.metric, endpoint: e.endpoint, quantity: num(e.quantity), requests: num(e.requests) })),
    };
  });
}
