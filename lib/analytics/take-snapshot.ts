import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import type { MetricsDaily } from "@/db/schema";
import { now } from "@/lib/clock";
import { computeDailyRollup } from "./compute-daily-rollup";
import { addDays, dayOf, parseDay } from "./days";
import { rows, n, ts } from "./rows";
import { scopeFilter, type Scope } from "./scope";

/**
 * The MRR of one mirrored subscription, in SQL (docs/METRICS.md): only `active` subscriptions count
 * (trialing, past_due, unpaid, paused, incomplete do not); `amount_cents` is the recurring amount per
 * interval after discounts; yearly plans count 1/12 per month, rounded to the cent (half up).
 */
export const MRR_SQL = sql`case when s.status = 'active' then (case when s.interval = 'year' then round(s.amount_cents / 12.0) else s.amount_cents end) else 0 end`;

/** Statuses a snapshot skips: they can never come back (a churned customer is one missing from the day). */
const GONE = sql`('canceled', 'incomplete_expired')`;

export type SnapshotResult = { day: string; subscriptions: number; rollup: MetricsDaily };

/**
 * Build the day's snapshot from the Stripe mirror (one row per live subscription with its MRR) and the
 * day's rollup (`metrics_daily`). Idempotent per day: running it again replaces that day's rows.
 * Days must be taken in order for the month-to-date trial counts (the daily job does).
 */
export async function takeSnapshot(options: Scope & { day?: string } = {}): Promise<SnapshotResult> {
  const day = options.day ?? dayOf(now());
  const dayEnd = parseDay(addDays(day, 1));
  const at = now();
  const scope = scopeFilter(sql`s.org_id`, options);
  const inserted = await db.transaction(async (tx) => {
    // One snapshot at a time (the daily job and the admin's "refresh" may overlap).
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    await tx.execute(sql`delete from subscription_snapshots s where s.day = ${day}::date${scope}`);
    const [res] = await rows<{ count: unknown }>(
      tx,
      sql`
      with ins as (insert into subscription_snapshots (day, subscription_id, org_id, status, plan_key, interval, mrr_cents, created_at)
      select ${day}::date, s.id, s.org_id, s.status, s.plan_key, s.interval, ${MRR_SQL}, ${ts(at)}
      from subscriptions s
      where s.status not in ${GONE} and s.created_at < ${ts(dayEnd)}${scope}
      returning 1)
      select count(*) as count from ins`,
    );
    return n(res?.count);
  });
  const rollup = await computeDailyRollup(day, options);
  return { day, subscriptions: inserted, rollup };
}
