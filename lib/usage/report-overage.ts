import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { usageCounters, usageMeterReports } from "@/db/schema";
import { catalog, getPlan } from "@/lib/billing/catalog";
import { periodLimits } from "@/lib/billing/catalog-schema";
import { allowanceInterval } from "@/lib/billing/resolve-org-plan";
import { BILLED_STATUSES } from "@/lib/billing/subscription-states";
import { now } from "@/lib/clock";
import { logger } from "@/lib/log";
import { execRows, num } from "./exec-rows";
import type { MeterAdapter } from "./stripe-meter-adapter";

/**
 * What the meter receives. The catalog's Stripe overage prices are GRADUATED with a free first tier
 * of `included` units (lib/billing/catalog-spec.ts), so by default every metered unit is reported
 * and Stripe bills only the part past the tier ("all_units"). "overage_only" reports just the units
 * past `included`, for flat per-unit overage prices.
 */
export type ReportMode = "all_units" | "overage_only";

const LOOKBACK_MS = 35 * 86_400_000; // Stripe accepts meter events up to 35 days old

type Candidate = { org_id: string; metric: string; period_start: Date; period_end: Date; used: unknown; reported_overage: unknown; customer_id: string; plan_key: string; interval: string; status: string };

/**
 * The overage job: for every paid subscription's metered counters with unreported units, write a
 * pending report (outbox) and advance the counter's mark in one transaction, then send every pending
 * report to Stripe with its stable identifier and mark it sent. Failed sends stay pending and are
 * resent (same identifier) by the next run. Returns what was reported.
 *
 * Usage of a trial (a counter period that starts before the subscription's trial end) is never
 * reported: overage made during a trial is never charged (docs/BILLING.md §2), whatever invoice Stripe
 * makes at the trial end — the first paid period's, or the final one of a subscription cancelled
 * during its trial.
 */
export async function reportOverage(opts: { adapter?: MeterAdapter; mode?: ReportMode; at?: Date; orgId?: string } = {}) {
  const adapter = opts.adapter ?? (await import("./stripe-meter-adapter")).stripeMeterAdapter;
  const mode = opts.mode ?? "all_units";
  const at = opts.at ?? now();
  const metered = catalog.metrics.filter((m) => m.metered).map((m) => m.key);
  const candidates = await execRows<Candidate>(
    db,
    sql`select c.org_id, c.metric, c.period_start, c.period_end, c.used, c.reported_overage, s.customer_id, s.plan_key, s.interval, s.status
        from usage_counters c
        join lateral (
          select customer_id, plan_key, interval, status, trial_end from subscriptions s
          where s.org_id = c.org_id and s.status in (${sql.join(BILLED_STATUSES.map((st) => sql`${st}`), sql`, `)})
          order by s.created_at desc limit 1
        ) s on true
        where c.metric = any(${sql.raw(`array[${metered.map((m) => `'${m.replace(/'/g, "")}'`).join(",") || "''"}]::text[]`)})
          and c.used > c.reported_overage
          and (s.trial_end is null or c.period_start >= s.trial_end)
          and c.period_end > ${new Date(at.getTime() - LOOKBACK_MS).toISOString()}::timestamptz
          ${opts.orgId ? sql`and c.org_id = ${opts.orgId}` : sql``}`,
  );
  let queued = 0;
  for (const c of candidates) {
    const plan = getPlan(c.plan_key);
    // units past the period's allowance (12 × the monthly one for a yearly period)
    const limit = plan ? periodLimits(catalog, plan, allowanceInterval(c))[c.metric] : undefined;
    if (!limit || limit.overageUnitAmountCents === null || limit.included === null) continue;
    const periodStart = new Date(c.period_start);
    const periodEnd = new Date(c.period_end);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(usageCounters)
        .where(and(eq(usageCounters.orgId, c.org_id), eq(usageCounters.metric, c.metric), eq(usageCounters.periodStart, periodStart)))
        .for("update");
      if (!row) return;
      // The mark counts units in the mode's terms: all units, or units past `included`.
      const target = mode === "all_units" ? row.used : Math.max(0, row.used - limit.included!);
      const value = target - row.reportedOverage;
      if (value <= 0) return;
      const eventTs = new Date(Math.min(at.getTime(), periodEnd.getTime() - 1000));
      await tx.insert(usageMeterReports).values({
        id: `${c.org_id}:${c.metric}:${Math.floor(periodStart.getTime() / 1000)}:${row.reportedOverage}-${target}`,
        orgId: c.org_id,
        metric: c.metric,
        periodStart,
        customerId: c.customer_id,
        value,
        eventTimestamp: eventTs,
        status: "pending",
        createdAt: at,
      });
      await tx
        .update(usageCounters)
        .set({ reportedOverage: target })
        .where(and(eq(usageCounters.orgId, c.org_id), eq(usageCounters.metric, c.metric), eq(usageCounters.periodStart, periodStart)));
      queued++;
    });
  }
  return { queued, ...(await sendPendingMeterReports(adapter, opts.orgId)) };
}

/** Send every pending report (oldest first; one organisation's, with `orgId`) with its stable identifier; failures stay pending. */
export async function sendPendingMeterReports(adapter: MeterAdapter, orgId?: string) {
  const pending = await db
    .select()
    .from(usageMeterReports)
    .where(orgId ? and(eq(usageMeterReports.status, "pending"), eq(usageMeterReports.orgId, orgId)) : eq(usageMeterReports.status, "pending"))
    .orderBy(asc(usageMeterReports.createdAt))
    .limit(1000);
  let sent = 0;
  let failed = 0;
  let units = 0;
  for (const p of pending) {
    try {
      await adapter.reportMeterEvent({ customerId: p.customerId, eventName: p.metric, value: p.value, identifier: p.id, timestamp: p.eventTimestamp });
      await db.update(usageMeterReports).set({ status: "sent", sentAt: now(), attempts: p.attempts + 1 }).where(eq(usageMeterReports.id, p.id));
      sent++;
      units += num(p.value);
    } catch (err) {
      failed++;
      logger.warn({ err: (err as Error).message, report: p.id }, "meter report failed; will retry");
      await db.update(usageMeterReports).set({ attempts: p.attempts + 1, lastError: (err as Error).message.slice(0, 500) }).where(eq(usageMeterReports.id, p.id));
    }
  }
  return { sent, failed, units };
}
