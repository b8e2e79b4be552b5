/**
 * HTTP-level benches — need a PRODUCTION server (`next build && next start`), never `next dev`.
 * Hook: BENCH_HTTP_URL=http://localhost:3000 BENCH_API_KEY=bk_… npm run bench
 *   ingest  POST /api/v1/usage with 100-event batches: events/s ÷ the framework's ceiling (GET /api/v1/me
 *           req/s × 100, target ≥ 0.7) and ÷ the raw multi-row INSERT (target ≥ 0.25)
 *   check   GET /api/v1/check req/s ÷ GET /api/health req/s (a trivial route on the same server) — target ≥ 0.5
 */
import { fmt, line, pool, timed } from "./lib";

export async function httpBench(base: string, apiKey: string, rawEventsPerSec = 0, libraryEventsPerSec = 0) {
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const N = Number(process.env.BENCH_HTTP_REQUESTS ?? 5_000);
  const CONC = 32;
  const run = async (path: string, init?: RequestInit) => {
    let failed = 0;
    const t = await timed(() =>
      pool(Array.from({ length: N }, (_, i) => i), CONC, async () => {
        const r = await fetch(`${base}${path}`, { headers, ...init });
        await r.arrayBuffer();
        if (!r.ok) failed++;
      }),
    );
    return { rps: N / t, failed };
  };
  console.log(`\nhttp: ${base}, ${fmt(N)} requests, ${CONC} concurrent`);
  const trivial = await run("/api/health");
  const chk = await run("/api/v1/check?metric=api_calls&quantity=1");
  console.log(`  /api/health ${fmt(trivial.rps)} req/s (${trivial.failed} failed), /api/v1/check ${fmt(chk.rps)} req/s (${chk.failed} failed)`);
  line("HTTP check req/s ÷ trivial route req/s", chk.rps / trivial.rps, "≥ 0.5");
  const batches = 200;
  const stamp = Date.now().toString(36);
  let failed = 0;
  const t = await timed(() =>
    pool(Array.from({ length: batches }, (_, b) => b), 8, async (b) => {
      const events = Array.from({ length: 100 }, (_, j) => ({ metric: "api_calls", quantity: 1, idempotency_key: `http_${stamp}_${b}_${j}` }));
      const r = await fetch(`${base}/api/v1/usage`, { method: "POST", headers, body: JSON.stringify({ events }) });
      await r.arrayBuffer();
      if (!r.ok) failed++;
    }),
  );
  const eps = (batches * 100) / t;
  console.log(`  POST /api/v1/usage: ${fmt(eps)} events/s (${failed} failed batches)`);
  // The framework's ceiling for this shape of traffic: req/s of a trivial authenticated route (the same
  // key check, no body, no work) × the batch size (issue 15).
  const authed = await run("/api/v1/me");
  const ceiling = authed.rps * 100;
  console.log(`  GET /api/v1/me ${fmt(authed.rps)} req/s (${authed.failed} failed) → ceiling ${fmt(ceiling)} events/s at 100 per request`);
  line("HTTP ingest events/s ÷ framework ceiling (trivial authed route × 100)", eps / ceiling, "≥ 0.7");
  if (rawEventsPerSec > 0) line("HTTP ingest events/s ÷ raw multi-row INSERT events/s", eps / rawEventsPerSec, "≥ 0.25");
  // Where the gap to the ceiling is: the HTTP layer, or the write itself (the library path, same database).
  if (libraryEventsPerSec > 0) line("HTTP ingest events/s ÷ library ingest events/s (info: the HTTP layer's share)", eps / libraryEventsPerSec, "info");
}
