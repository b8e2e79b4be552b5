/**
 * Admin metrics (issue 7): with 100,000 subscriptions and 1,000,000 invoices generated on real
 * Postgres (generate_series), the admin overview's metrics p95 ÷ a `count(*)` scan of the invoices
 * table. Target ≤ 0.1: the overview reads the daily rollups (metrics_daily), never the big tables.
 * Needs an initialised database (bench/main.ts does that). Bench rows are removed afterwards unless
 * BENCH_KEEP=1. On PGlite it runs at a tenth of the size and says so.
 */
import { fmt, line, percentile } from "./lib";

const BENCH_MARK = "1970-01-01T00:00:00Z"; // computed_at of the synthetic past rollups (so cleanup finds them)

export async function adminMetricsBench(opts: { subscriptions?: number; invoices?: number; samples?: number } = {}) {
  const { getDbHandle } = await import("@/db");
  const { getOverview } = await import("@/lib/analytics/get-overview");
  const { takeSnapshot } = await import("@/lib/analytics/take-snapshot");
  const h = await getDbHandle();
  const scale = h.kind === "postgres" ? 1 : 0.1;
  const SUBS = Math.round((opts.subscriptions ?? Number(process.env.BENCH_ADMIN_SUBSCRIPTIONS ?? 100_000)) * scale);
  const INVS = Math.round((opts.invoices ?? Number(process.env.BENCH_ADMIN_INVOICES ?? 1_000_000)) * scale);
  const SAMPLES = opts.samples ?? 50;
  const ORGS = Math.max(1, Math.round(SUBS / 10));
  console.log(`\nAdmin metrics (${h.kind}${scale < 1 ? ", 1/10 size: run on Postgres for the real target" : ""}): ${fmt(SUBS)} subscriptions, ${fmt(INVS)} invoices`);

  const t0 = Date.now();
  await h.raw(
    `insert into organizations (id, name, created_at, updated_at)
     select 'org_bench_' || g, 'Bench org ' || g, now() - interval '400 days', now() from generate_series(1, $1::int) g
     on conflict do nothing`,
    [ORGS],
  );
  await h.raw(
    `insert into subscriptions (id, org_id, customer_id, status, plan_key, interval, quantity, amount_cents, currency,
        current_period_start, current_period_end, cancel_at_period_end, created_at, synced_at)
     select 'sub_bench_' || g, 'org_bench_' || (1 + g % $2::int), 'cus_bench_' || (1 + g % $2::int),
        (array['active','active','active','active','active','active','active','trialing','past_due','canceled'])[1 + g % 10],
        (array['starter','pro','enterprise'])[1 + g % 3],
        case when g % 7 = 0 then 'year' else 'month' end, 1,
        case when g % 7 = 0 then (array[29000, 99000, 499000])[1 + g % 3] else (array[2900, 9900, 49900])[1 + g % 3] end,
        'usd', now() - interval '10 days', now() + interval '20 days', g % 25 = 0, now() - ((g % 365) || ' days')::interval, now()
     from generate_series(1, $1::int) g
     on conflict do nothing`,
    [SUBS, ORGS],
  );
  await h.raw(
    `insert into invoices (id, org_id, customer_id, subscription_id, status, amount_due_cents, amount_paid_cents, total_cents,
        subtotal_cents, currency, created, paid_at, lines, synced_at)
     select 'in_bench_' || g, 'org_bench_' || (1 + g % $2::int), 'cus_bench_' || (1 + g % $2::int), 'sub_bench_' || (1 + g % $3::int),
        case when g % 50 = 0 then 'open' else 'paid' end, 9900 + (g % 13) * 100, case when g % 50 = 0 then 0 else 9900 + (g % 13) * 100 end,
        9900 + (g % 13) * 100, 9900 + (g % 13) * 100, 'usd',
        now() - ((g % 365) || ' days')::interval, case when g % 50 = 0 then null else now() - ((g % 365) || ' days')::interval end,
        jsonb_build_array(jsonb_build_object('id', 'il_' || g, 'amountCents', 9900, 'lookupKey', 'pro_monthly'),
                          jsonb_build_object('id', 'il_o_' || g, 'amountCents', (g % 13) * 100, 'lookupKey', 'pro_api_calls_overage_monthly')),
        now()
     from generate_series(1, $1::int) g
     on conflict do nothing`,
    [INVS, ORGS, SUBS],
  );
  await h.raw("analyze invoices");
  await h.raw("analyze subscriptions");
  const seeded = (Date.now() - t0) / 1000;

  // Today's snapshot + rollup from the mirror (what the daily job does), and a year of past rollups.
  const s0 = Date.now();
  const snap = await takeSnapshot();
  const snapSecs = (Date.now() - s0) / 1000;
  await h.raw(
    `insert into metrics_daily (day, mrr_cents, active_subscriptions, trialing_subscriptions, past_due_subscriptions, paying_customers,
        baseline_mrr_cents, new_mrr_cents, expansion_mrr_cents, contraction_mrr_cents, churned_mrr_cents, customers_at_start,
        churned_customers, revenue_cents, overage_revenue_cents, trials_ended, trials_converted, computed_at)
     select d::date, $1::bigint, $2::int, 0, 0, $3::int, $1::bigint, 0, 0, 0, 0, $3::int, 0, 0, 0, 0, 0, $4::timestamptz
     from generate_series(current_date - 365, current_date - 1, interval '1 day') d
     on conflict do nothing`,
    [snap.rollup.mrrCents, snap.rollup.activeSubscriptions, snap.rollup.payingCustomers, BENCH_MARK],
  );

  // count(*) of the invoices table: warm once, then the median of 7.
  await h.raw("select count(*) from invoices");
  const counts: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    await h.raw("select count(*) from invoices");
    counts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await getOverview();
  const overview: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = process.hrtime.bigint();
    const o = await getOverview();
    overview.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!o.current) throw new Error("overview has no figures");
  }
  const countMs = percentile(counts, 50);
  const p95 = percentile(overview, 95);
  console.log(
    `  seeded in ${fmt(seeded, 1)} s; snapshot of ${fmt(snap.subscriptions)} subscriptions in ${fmt(snapSecs, 2)} s; ` +
      `count(*) invoices median ${fmt(countMs, 1)} ms; overview p95 ${fmt(p95, 2)} ms (p50 ${fmt(percentile(overview, 50), 2)} ms)`,
  );
  line("admin overview metrics p95 ÷ count(*) of invoices", p95 / countMs, "≤ 0.1");

  if (process.env.BENCH_KEEP !== "1") {
    await h.raw("delete from metrics_daily where computed_at = $1::timestamptz", [BENCH_MARK]);
    await h.raw("delete from subscription_snapshots where subscription_id like 'sub\\_bench\\_%'");
    await h.raw("delete from invoices where id like 'in\\_bench\\_%'");
    await h.raw("delete from subscriptions where id like 'sub\\_bench\\_%'");
    await h.raw("delete from organizations where id like 'org\\_bench\\_%'");
    await takeSnapshot(); // today's rollup without the bench rows
  }
  return { ratio: p95 / countMs, overviewP95Ms: p95, countMs, snapshotSecs: snapSecs };
}
