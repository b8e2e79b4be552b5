import "server-only";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { metricsDaily, type MetricsDaily } from "@/db/schema";
import { now } from "@/lib/clock";
import { addDays, monthStart, parseDay } from "./days";
import { n, rows, ts } from "./rows";
import { scopeFilter, type Scope } from "./scope";

/** Invoice lines that are usage overage: an overage price of the catalog, or an overage lookup key. */
const OVERAGE_LINE = sql`(
  (l->>'priceId') in (select stripe_id from stripe_catalog where kind = 'overage_price')
  or coalesce(l->>'lookupKey', '') like '%\\_overage\\_%'
)`;

/**
 * Compute one day's `metrics_daily` row from that day's subscription snapshots (point figures), the
 * baseline snapshot (the last one before the month began: month-to-date MRR movements per customer),
 * the previous snapshot (trial transitions) and the month's paid invoices (revenue, overage).
 * Upserts and returns the row. See docs/METRICS.md for every definition.
 */
export async function computeDailyRollup(day: string, scope: Scope = {}): Promise<MetricsDaily> {
  const start = monthStart(day);
  const startAt = parseDay(start);
  const endAt = parseDay(addDays(day, 1));
  const f = scopeFilter(sql`org_id`, scope);

  const [days] = await rows<{ base: string | null; prev: string | null }>(
    db,
    sql`select
      (select max(day)::text from subscription_snapshots where day < ${start}::date${f}) as base,
      (select max(day)::text from subscription_snapshots where day < ${day}::date${f}) as prev`,
  );
  const base = days?.base ?? null;
  const prev = days?.prev ?? null;

  const [point] = await rows(
    db,
    sql`select
      coalesce(sum(mrr_cents), 0) as mrr,
      count(*) filter (where status = 'active') as active,
      count(*) filter (where status = 'trialing') as trialing,
      count(*) filter (where status = 'past_due') as past_due
    from subscription_snapshots where day = ${day}::date${f}`,
  );

  const [moves] = await rows(
    db,
    sql`with
      e as (select org_id, sum(mrr_cents) as mrr from subscription_snapshots where day = ${day}::date${f} group by org_id),
      s as (select org_id, sum(mrr_cents) as mrr from subscription_snapshots where ${base}::date is not null and day = ${base}::date${f} group by org_id),
      m as (select coalesce(s.mrr, 0) as s, coalesce(e.mrr, 0) as e from e full outer join s on s.org_id = e.org_id)
    select
      coalesce(sum(s), 0) as baseline,
      coalesce(sum(e) filter (where s = 0 and e > 0), 0) as new_mrr,
      coalesce(sum(e - s) filter (where s > 0 and e > s), 0) as expansion,
      coalesce(sum(s - e) filter (where s > 0 and e > 0 and e < s), 0) as contraction,
      coalesce(sum(s) filter (where s > 0 and e = 0), 0) as churned,
      count(*) filter (where s > 0) as customers_at_start,
      count(*) filter (where s > 0 and e = 0) as churned_customers,
      count(*) filter (where e > 0) as paying
    from m`,
  );

  // Trials that ended between the previous snapshot and this one; converted = now active (paid).
  const [trials] = await rows(
    db,
    sql`select
      count(*) as ended,
      count(*) filter (where t.status = 'active') as converted
    from subscription_snapshots p
    left join subscription_snapshots t on t.subscription_id = p.subscription_id and t.day = ${day}::date
    where ${prev}::date is not null and p.day = ${prev}::date and p.status = 'trialing'
      and (t.status is null or t.status <> 'trialing')${scopeFilter(sql`p.org_id`, scope)}`,
  );
  let trialsEnded = n(trials?.ended);
  let trialsConverted = n(trials?.converted);
  if (prev && prev >= start) {
    const [before] = await rows(db, sql`select trials_ended, trials_converted from metrics_daily where day = ${prev}::date`);
    trialsEnded += n(before?.trials_ended);
    trialsConverted += n(before?.trials_converted);
  }

  const [money] = await rows(
    db,
    sql`select
      (select coalesce(sum(amount_paid_cents), 0) from invoices
        where status = 'paid' and paid_at >= ${ts(startAt)} and paid_at < ${ts(endAt)}${f}) as revenue,
      (select coalesce(sum((l->>'amountCents')::bigint), 0)
        from invoices i, jsonb_array_elements(case when jsonb_typeof(i.lines) = 'array' then i.lines else '[]'::jsonb end) l
        where i.status = 'paid' and i.paid_at >= ${ts(startAt)} and i.paid_at < ${ts(endAt)}${scopeFilter(sql`i.org_id`, scope)} and ${OVERAGE_LINE}) as overage`,
  );

  const row = {
    day,
    mrrCents: n(point?.mrr),
    activeSubscriptions: n(point?.active),
    trialingSubscriptions: n(point?.trialing),
    pastDueSubscriptions: n(point?.past_due),
    payingCustomers: n(moves?.paying),
    baselineMrrCents: n(moves?.baseline),
    newMrrCents: n(moves?.new_mrr),
    expansionMrrCents: n(moves?.expansion),
    contractionMrrCents: n(moves?.contraction),
    churnedMrrCents: n(moves?.churned),
    customersAtStart: n(moves?.customers_at_start),
    churnedCustomers: n(moves?.churned_customers),
    revenueCents: n(money?.revenue),
    overageRevenueCents: n(money?.overage),
    trialsEnded,
    trialsConverted,
    computedAt: now(),
  };
  const { day: _day, ...set } = row;
  const [saved] = await db.insert(metricsDaily).values(row).onConflictDoUpdate({ target: metricsDaily.day, set }).returning();
  return saved!;
}
