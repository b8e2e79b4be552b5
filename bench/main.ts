/**
 * Metering benchmarks on real Postgres (one run, each printed as a ratio; targets are goals, not
 * assertions). Uses DATABASE_URL's server, or postgres://postgres@127.0.0.1:5432; creates a throwaway
 * database `bench_<time>` and drops it at the end.
 *
 *   ingest   recordUsageBatch (100-event batches, 8 concurrent callers) events/s ÷ raw multi-row
 *            INSERT … ON CONFLICT DO NOTHING of the same batches through the same driver (≥ 0.5;
 *            ≥ 0.4 with 30 % duplicates, stored count exact)
 *   check    p99 of check() ÷ p99 of a bare primary-key SELECT through the same pool (≤ 3)
 *   webhooks webhook receiver verify+store events/s ÷ raw single-row INSERT … ON CONFLICT DO NOTHING (≥ 0.5)
 *   drain    webhook burst drain (processed ÷ acknowledged events/s, ≥ 0.5), Stripe requests per event (≤ 1),
 *            lag p99 at a steady 50 events/s (≤ 2 s) — see bench/webhook-drain.ts
 *   admin    admin overview metrics p95 ÷ count(*) over 1,000,000 invoices (≤ 0.1)
 * BENCH_DB=pglite runs them on embedded PGlite (a fresh data directory) instead.
 * BENCH_ONLY=ingest,check,credits,webhooks,drain,admin selects benches; BENCH_INGEST_BATCHES, BENCH_CHECK_OPS, BENCH_CREDIT_OPS size them.
 *   credits  debits/s on one hot balance (32 clients) ÷ the same debits over 1,000 balances (≥ 0.5);
 *            then BENCH_RANDOM_DEBITS (default 100,000) random concurrent debits → 0 overdrafts, ledger = balances
 *
 * HTTP-level benches (need a production server): set BENCH_HTTP_URL=http://localhost:3000 and
 * BENCH_API_KEY=bk_… (a key of an org on a paid plan) — see bench/http.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { fmt, latencies, line, percentile, pool, timed } from "./lib";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `bench_${Date.now().toString(36)}`;

/** Raw multi-row INSERT events/s from the ingest bench, the baseline for the HTTP ingest ratio. */
let rawIngestEventsPerSec = 0;
/** The library path's events/s (recordUsageBatch, no HTTP): what the HTTP layer adds is the difference. */
let libraryIngestEventsPerSec = 0;

async function main() {
  // BENCH_DB=pglite: the same benches on embedded PGlite (a fresh data directory), no server involved.
  const pglite = process.env.BENCH_DB === "pglite";
  const admin = pglite ? null : postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const pgliteDir = pglite ? mkdtempSync(path.join(os.tmpdir(), "bench-pglite-")) : null;
  if (admin) {
    await admin.unsafe(`create database ${DB_NAME}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${DB_NAME}`;
    process.env.DATABASE_URL = u.toString();
  } else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = pgliteDir!;
  }
  process.env.LOG_LEVEL ??= "warn";
  process.env.JOBS_ENABLED = "0";
  process.env.SEED_ON_START = "0";
  // The offline sandbox then keeps its webhooks for the test hooks instead of posting them to a server
  // that is not running (the drain bench feeds the receiver itself).
  (process.env as Record<string, string>).NODE_ENV ??= "test";
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  if (admin) {
    const { server_version } = (await admin`show server_version`)[0] as { server_version: string };
    console.log(`postgres ${server_version}, database ${DB_NAME}, pool ${process.env.DATABASE_POOL_SIZE ?? 10}\n`);
  } else console.log(`embedded PGlite in ${pgliteDir}\n`);
  try {
    const { initDatabase } = await import("@/db/init");
    await initDatabase();
    const only = (process.env.BENCH_ONLY ?? "ingest,check,credits,webhooks,drain,admin").split(",");
    if (only.includes("ingest")) await ingestBench();
    if (only.includes("check")) await checkBench();
    if (only.includes("credits")) await creditsBench();
    if (only.includes("webhooks")) await (await import("./webhook-ingest")).webhookIngestBench();
    if (only.includes("drain")) await (await import("./webhook-drain")).webhookDrainBench();
    if (only.includes("admin")) await (await import("./admin-metrics")).adminMetricsBench();
    if (process.env.BENCH_HTTP_URL) {
      await (await import("./http")).httpBench(process.env.BENCH_HTTP_URL, process.env.BENCH_API_KEY ?? "", rawIngestEventsPerSec, libraryIngestEventsPerSec);
      await (await import("./pages")).pagesBench(process.env.BENCH_HTTP_URL);
    }
    else console.log("\nhttp: skipped (set BENCH_HTTP_URL and BENCH_API_KEY against a production build: see bench/http.ts)");
  } finally {
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
    if (admin) {
      await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
      await admin.end();
    }
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}

async function makeOrgs(n: number, plan: string | null) {
  const { db } = await import("@/db");
  const { organizations, subscriptions } = await import("@/db/schema");
  const ids = Array.from({ length: n }, (_, i) => `org_bench_${plan ?? "free"}_${Date.now().toString(36)}_${i}`);
  for (let i = 0; i < ids.length; i += 500) await db.insert(organizations).values(ids.slice(i, i + 500).map((id) => ({ id, name: id })));
  if (plan) {
    const start = new Date(Date.now() - 86_400_000);
    await db.insert(subscriptions).values(
      ids.map((id) => ({
        id: `sub_${id}`,
        orgId: id,
        customerId: `cus_${id}`,
        status: "active",
        planKey: plan,
        interval: "month",
        currentPeriodStart: start,
        currentPeriodEnd: new Date(start.getTime() + 30 * 86_400_000),
        createdAt: start,
        syncedAt: start,
      })),
    );
  }
  return ids;
}

type Ev = { metric: string; quantity: number; idempotencyKey: string };

function batches(count: number, size: number, dupRate: number, prefix: string): Ev[][] {
  const total = count * size;
  const unique = Math.round(total * (1 - dupRate));
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: size }, (_, j) => {
      const i = b * size + j;
      const k = i < unique ? i : (i * 7919) % unique;
      return { metric: "api_calls", quantity: 1, idempotencyKey: `${prefix}${k}` };
    }),
  );
}

async function ingestBench() {
  const { getDbHandle } = await import("@/db");
  const { recordUsageBatch } = await import("@/lib/usage/record-usage");
  const h = await getDbHandle();
  const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 300);
  const CONC = 8;
  console.log(`ingest: ${BATCHES} batches × 100 events, ${CONC} concurrent callers`);
  const REPS = Number(process.env.BENCH_REPS ?? 3);
  const raw = async (orgId: string, evs: Ev[]) => {
    const params: unknown[] = [];
    const values = evs.map((e) => {
      params.push(orgId, e.metric, e.quantity, e.idempotencyKey);
      const n = params.length;
      return `($${n - 3}, $${n - 2}, $${n - 1}, $${n}, now(), date_trunc('month', now()), null, now())`;
    });
    await h.raw(
      `insert into usage_events (org_id, metric, quantity, idempotency_key, ts, period_start, properties, created_at) values ${values.join(",")} on conflict (org_id, idempotency_key) do nothing`,
      params,
    );
  };
  // Alternating repetitions, best of each (the machine may be shared: this damps load spikes).
  const run = async (dupRate: number) => {
    const bs = batches(BATCHES, 100, dupRate, `d${dupRate}_`);
    const evs = BATCHES * 100;
    const expected = Math.round(evs * (1 - dupRate));
    let bestRaw = Infinity;
    let bestLib = Infinity;
    let exact = true;
    for (let rep = 0; rep < REPS; rep++) {
      const [libOrg, rawOrg] = await makeOrgs(2, "enterprise");
      await recordUsageBatch(libOrg!, [{ metric: "api_calls", quantity: 1, idempotencyKey: "warm" }]);
      await raw(rawOrg!, [{ metric: "api_calls", quantity: 1, idempotencyKey: "warm" }]);
      bestRaw = Math.min(bestRaw, await timed(() => pool(bs, CONC, (b) => raw(rawOrg!, b))));
      let recorded = 0;
      const tLib = await timed(() =>
        pool(bs, CONC, async (b) => {
          const r = await recordUsageBatch(libOrg!, b);
          recorded += r.recorded;
        }),
      );
      bestLib = Math.min(bestLib, tLib);
      const stored = Number((await h.raw(`select count(*)::int as n from usage_events where org_id = $1 and idempotency_key <> 'warm'`, [libOrg]))[0]!.n);
      const used = Number((await h.raw(`select coalesce(sum(used),0)::int as n from usage_counters where org_id = $1`, [libOrg]))[0]!.n);
      exact &&= stored === expected && recorded === expected && used - 1 === expected;
    }
    console.log(`  dup ${dupRate * 100}%: library ${fmt(evs / bestLib)} ev/s, raw ${fmt(evs / bestRaw)} ev/s (best of ${REPS}); stored = recorded = counter = ${expected}: ${exact ? "EXACT" : "MISMATCH"}`);
    line(`ingest ratio (library ÷ raw), ${dupRate * 100}% duplicates`, bestRaw / bestLib, dupRate ? "≥ 0.4" : "≥ 0.5");
    if (dupRate === 0) {
      rawIngestEventsPerSec = evs / bestRaw;
      libraryIngestEventsPerSec = evs / bestLib;
    }
  };
  await run(0);
  await run(0.3);
}

async function checkBench() {
  const { getDbHandle } = await import("@/db");
  const { check, consumeQuota } = await import("@/lib/usage/check-quota");
  const h = await getDbHandle();
  const N = Number(process.env.BENCH_CHECK_OPS ?? 10_000);
  const CONC = 8;
  const [orgId] = await makeOrgs(1, "pro");
  await consumeQuota({ orgId: orgId!, metric: "api_calls", quantity: 1 });
  await check({ orgId: orgId!, metric: "api_calls", quantity: 1 });
  await h.raw(`select id, name from organizations where id = $1`, [orgId]);
  const pk = await latencies(N, CONC, () => h.raw(`select id, name from organizations where id = $1`, [orgId]));
  const chk = await latencies(N, CONC, () => check({ orgId: orgId!, metric: "api_calls", quantity: 1 }));
  const con = await latencies(N, CONC, () => consumeQuota({ orgId: orgId!, metric: "api_calls", quantity: 1 }));
  console.log(`\ncheck: ${fmt(N)} calls each, ${CONC} concurrent`);
  console.log(`  p50/p99 ms: pk select ${fmt(percentile(pk, 50), 3)}/${fmt(percentile(pk, 99), 3)}, check() ${fmt(percentile(chk, 50), 3)}/${fmt(percentile(chk, 99), 3)}, consumeQuota() ${fmt(percentile(con, 50), 3)}/${fmt(percentile(con, 99), 3)}`);
  line("check p99 ÷ primary-key SELECT p99", percentile(chk, 99) / percentile(pk, 99), "≤ 3");
  line("consumeQuota (atomic count) p99 ÷ primary-key SELECT p99 (info)", percentile(con, 99) / percentile(pk, 99), "info");
}

async function creditsBench() {
  const { getDbHandle } = await import("@/db");
  const { grantCredits } = await import("@/lib/credits/grant-credits");
  const { consumeCredits } = await import("@/lib/credits/consume-credits");
  const { AppError } = await import("@/lib/errors");
  const h = await getDbHandle();
  const actor = { type: "system" as const, id: null };
  const OPS = Number(process.env.BENCH_CREDIT_OPS ?? 4_000);
  const CONC = 32;
  console.log(`\ncredits: ${fmt(OPS)} debits of 1 credit, ${CONC} concurrent clients`);
  const [hot] = await makeOrgs(1, null);
  await grantCredits({ orgId: hot!, source: "purchased", amount: 1e9, idempotencyKey: "g", actor });
  const spread = await makeOrgs(1000, null);
  await pool(spread, 16, (o) => grantCredits({ orgId: o, source: "purchased", amount: 1e6, idempotencyKey: "g", actor }).then(() => {}));
  const ops = Array.from({ length: OPS }, (_, i) => i);
  const tHot = await timed(() => pool(ops, CONC, (i) => consumeCredits({ orgId: hot!, amount: 1, idempotencyKey: `h${i}` }).then(() => {})));
  const tSpread = await timed(() => pool(ops, CONC, (i) => consumeCredits({ orgId: spread[i % spread.length]!, amount: 1, idempotencyKey: `s${i}` }).then(() => {})));
  console.log(`  hot ${fmt(OPS / tHot)} debits/s, spread ${fmt(OPS / tSpread)} debits/s`);
  line("hot-balance debits/s ÷ spread debits/s", tSpread / tHot, "≥ 0.5");

  const N = Number(process.env.BENCH_RANDOM_DEBITS ?? 100_000);
  const orgs = await makeOrgs(1000, null);
  let granted = 0;
  await pool(orgs, 16, async (o, i) => {
    const amount = 50 + ((i * 37) % 150);
    granted += amount;
    await grantCredits({ orgId: o, source: i % 2 ? "purchased" : "promotional", amount, idempotencyKey: "g", actor });
  });
  let ok = 0;
  let refused = 0;
  let spent = 0;
  const t = await timed(() =>
    pool(Array.from({ length: N }, (_, i) => i), CONC, async (i) => {
      const amount = 1 + (i % 5);
      try {
        await consumeCredits({ orgId: orgs[Math.floor(Math.random() * orgs.length)]!, amount, idempotencyKey: `r${i}` });
        ok++;
        spent += amount;
      } catch (e) {
        if (e instanceof AppError && e.status === 402) refused++;
        else throw e;
      }
    }),
  );
  const ids = orgs;
  const [bad] = await h.raw(
    `select count(*) filter (where b.balance < 0) as overdrafts,
            count(*) filter (where b.balance <> coalesce((select sum(amount) from credit_transactions t where t.org_id = b.org_id), 0)) as ledger_mismatch,
            count(*) filter (where b.balance <> coalesce((select sum(remaining) from credit_grants g where g.org_id = b.org_id and g.expired_at is null), 0)) as grant_mismatch,
            coalesce(sum(b.balance), 0) as total
     from credit_balances b where b.org_id = any($1)`,
    [ids],
  );
  const total = Number(bad!.total);
  console.log(
    `  ${fmt(N)} random debits in ${fmt(t, 1)} s (${fmt(N / t)}/s): ${fmt(ok)} ok, ${fmt(refused)} refused (402); overdrafts ${bad!.overdrafts}, ledger≠balance ${bad!.ledger_mismatch}, grants≠balance ${bad!.grant_mismatch}, granted−spent=${granted - spent} vs balances=${total} ${granted - spent === total ? "EXACT" : "MISMATCH"}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
