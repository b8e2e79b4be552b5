import { and, count, desc, eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { memberships, usageCounters } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";

/**
 * docs/BILLING.md §5: gauges are current totals, not per-period counters — seats are the
 * organisation's members (the owner included); any other gauge (storage) is the latest reported
 * value, whatever period it was reported in, so a renewal does not reset it. The status API, the
 * check API, the usage summary and the dashboard all read gauges from here.
 */
export const SEATS_METRIC = "seats";

export function isGauge(metric: string) {
  return catalog.metrics.find((m) => m.key === metric)?.kind === "gauge";
}

export async function gaugeValue(orgId: string, metric: string, database: DbOrTx = db): Promise<number> {
  if (metric === SEATS_METRIC) {
    const [row] = await database.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
    return Number(row?.n ?? 0);
  }
  const [row] = await database
    .select({ used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.metric, metric)))
    // the latest report wins, whichever period's row holds it: a restricted organisation reports into the
    // Free calendar month, which can start before the paid period it falls back from
    .orderBy(desc(usageCounters.updatedAt), desc(usageCounters.periodStart))
    .limit(1);
  return row?.used ?? 0;
}

/** Every gauge metric's current value. */
export async function gaugeValues(orgId: string, database: DbOrTx = db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of catalog.metrics) if (m.kind === "gauge") out[m.key] = await gaugeValue(orgId, m.key, database);
  return out;
}
