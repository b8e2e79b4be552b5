import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import type { MetricsDaily } from "@/db/schema";
import { now } from "@/lib/clock";
import { dayOf, lastMonths, parseDay } from "./days";
import { monthFigures, type MonthFigures } from "./month-figures";
import { n, rows } from "./rows";

export type Overview = {
  /** The latest month's figures (month to date), or null before the first snapshot. */
  current: MonthFigures | null;
  /** One entry per month (oldest first); months without a snapshot are null. */
  months: { month: string; figures: MonthFigures | null }[];
  lastSnapshotDay: string | null;
};

/**
 * The admin overview: reads at most one `metrics_daily` row per month (the month's last snapshot day)
 * for the last `months` months — never the invoices or subscriptions tables.
 */
export async function getOverview(options: { asOf?: string; months?: number } = {}): Promise<Overview> {
  const asOf = options.asOf ?? dayOf(now());
  parseDay(asOf);
  const months = lastMonths(asOf, Math.min(Math.max(options.months ?? 12, 1), 36));
  const from = `${months[0]}-01`;
  const found = await rows<Record<string, unknown>>(
    db,
    sql`select distinct on (date_trunc('month', day)) *, day::text as day_text
      from metrics_daily where day >= ${from}::date and day <= ${asOf}::date
      order by date_trunc('month', day), day desc`,
  );
  const byMonth = new Map<string, MonthFigures>();
  for (const r of found) {
    const row = toRow(r);
    byMonth.set(row.day.slice(0, 7), monthFigures(row));
  }
  const series = months.map((month) => ({ month, figures: byMonth.get(month) ?? null }));
  const latest = [...series].reverse().find((m) => m.figures)?.figures ?? null;
  return { current: latest, months: series, lastSnapshotDay: latest?.asOf ?? null };
}

function toRow(r: Record<string, unknown>): MetricsDaily {
  return {
    day: String(r.day_text),
    mrrCents: n(r.mrr_cents),
    activeSubscriptions: n(r.active_subscriptions),
    trialingSubscriptions: n(r.trialing_subscriptions),
    pastDueSubscriptions: n(r.past_due_subscriptions),
    payingCustomers: n(r.paying_customers),
    baselineMrrCents: n(r.baseline_mrr_cents),
    newMrrCents: n(r.new_mrr_cents),
    expansionMrrCents: n(r.expansion_mrr_cents),
    contractionMrrCents: n(r.contraction_mrr_cents),
    churnedMrrCents: n(r.churned_mrr_cents),
    customersAtStart: n(r.customers_at_start),
    churnedCustomers: n(r.churned_customers),
    revenueCents: n(r.revenue_cents),
    overageRevenueCents: n(r.overage_revenue_cents),
    trialsEnded: n(r.trials_ended),
    trialsConverted: n(r.trials_converted),
    computedAt: r.computed_at instanceof Date ? r.computed_at : new Date(String(r.computed_at)),
  };
}
