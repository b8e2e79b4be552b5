import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { rows, n, ts } from "@/lib/analytics/rows";
import { scopeFilter, type Scope } from "@/lib/analytics/scope";
import { catalog } from "@/lib/billing/catalog";
import { nowMs } from "@/lib/clock";
import { raiseAdminAlert } from "@/lib/analytics/raise-admin-alert";
import { logger } from "@/lib/log";
import { record } from "@/lib/events/record";

const HOUR = 3_600_000;

/** An hour is unusual when it is more than FACTOR × the trailing 7-day hourly mean … */
export const ANOMALY_FACTOR = 5;
/** … and at least this many units (so 3 calls after a quiet week are not an incident). */
export const ANOMALY_MINIMUM = 100;
export const BASELINE_HOURS = 7 * 24;

export type UsageAnomaly = {
  orgId: string;
  metric: string;
  hourStart: string;
  quantity: number;
  baselineMean: number;
  factor: number;
  /** false when this hour was already reported (idempotent re-runs). */
  isNew: boolean;
};

export type DetectOptions = Scope & { at?: Date; factor?: number; minimum?: number };

/**
 * Unusual usage detection (hourly). For each organisation and summed metric, the last complete hour's
 * usage is compared with the mean hourly usage of the 168 hours before it (hours without events count
 * as 0). It fires when usage > factor × mean AND usage ≥ minimum AND the organisation had usage in the
 * baseline window (a first-ever hour has no baseline to be unusual against). Each firing writes one
 * admin alert and one customer notification, both deduplicated by (org, metric, hour).
 */
export async function detectUsageAnomalies(options: DetectOptions = {}): Promise<UsageAnomaly[]> {
  const factor = options.factor ?? ANOMALY_FACTOR;
  const minimum = options.minimum ?? ANOMALY_MINIMUM;
  const hourEnd = Math.floor((options.at?.getTime() ?? nowMs()) / HOUR) * HOUR;
  const hourStart = hourEnd - HOUR;
  const baseStart = hourStart - BASELINE_HOURS * HOUR;
  const sumMetrics = catalog.metrics.filter((m) => m.kind === "sum").map((m) => m.key);
  if (sumMetrics.length === 0) return [];
  const found = await rows(
    db,
    sql`select org_id, metric, cur, base / ${BASELINE_HOURS}::numeric as mean from (
        select org_id, metric,
          coalesce(sum(quantity) filter (where ts >= ${ts(new Date(hourStart))}), 0) as cur,
          coalesce(sum(quantity) filter (where ts < ${ts(new Date(hourStart))}), 0) as base
        from usage_events
        where ts >= ${ts(new Date(baseStart))} and ts < ${ts(new Date(hourEnd))}
          and metric in (${sql.join(sumMetrics.map((m) => sql`${m}`), sql`, `)})${scopeFilter(sql`org_id`, options)}
        group by org_id, metric
      ) x
      where base > 0 and cur >= ${minimum} and cur > ${factor} * base / ${BASELINE_HOURS}::numeric
      order by org_id, metric`,
  );
  const hourIso = new Date(hourStart).toISOString();
  const out: UsageAnomaly[] = [];
  for (const r of found) {
    const orgId = String(r.org_id);
    const metric = String(r.metric);
    const quantity = n(r.cur);
    const mean = Math.round(n(r.mean) * 100) / 100;
    const key = `anomaly:${orgId}:${metric}:${hourIso}`;
    const metricName = catalog.metrics.find((m) => m.key === metric)?.name ?? metric;
    const isNew = await db.transaction(async (tx) => {
      const inserted = await raiseAdminAlert(
        {
          kind: "usage_anomaly",
          orgId,
          title: `Unusual ${metricName} usage: ${quantity} in one hour (7-day hourly mean ${mean})`,
          details: { metric, hourStart: hourIso, quantity, baselineMean: mean, factor, minimum },
          dedupeKey: key,
        },
        tx,
      );
      if (!inserted) return false;
      await record(tx, {
        actor: { type: "job", id: "ops-anomaly" },
        orgId,
        target: metric,
        event: { type: "usage.anomaly_detected", data: { metric, hour_start: hourIso, quantity, baseline_mean: mean, factor } },
        key,
        notice: {
          kind: "usage_anomaly",
          title: `Unusual ${metricName} usage`,
          body: `Your organisation used ${quantity} ${metricName.toLowerCase()} in the hour starting ${hourIso.slice(0, 16).replace("T", " ")} UTC, more than ${factor}× its usual hourly average (${mean}). If this was not expected, check your API keys.`,
          email: true,
        },
      });
      return true;
    });
    if (isNew) logger.warn({ orgId, metric, quantity, mean }, "unusual usage");
    out.push({ orgId, metric, hourStart: hourIso, quantity, baselineMean: mean, factor, isNew });
  }
  return out;
}
