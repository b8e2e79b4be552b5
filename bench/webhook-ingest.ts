/**
 * Webhook ingest (issue 4): events/s through the receiver's verify + store path (signature check on the
 * raw body, INSERT … ON CONFLICT DO NOTHING into stripe_events with the parsed columns) ÷ rows/s of a
 * raw single-row `INSERT … ON CONFLICT DO NOTHING` of the same payloads through the same driver, at
 * the same concurrency. Target ≥ 0.5. Needs an initialised database (bench/main.ts does that).
 * The queue hand-off is not included: it is a separate (batched, asynchronous) step.
 */
import Stripe from "stripe";
import { fmt, line, pool, timed } from "./lib";

export async function webhookIngestBench(opts: { events?: number; concurrency?: number } = {}) {
  const N = opts.events ?? Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5_000);
  const CONC = opts.concurrency ?? 16;
  const { getDbHandle } = await import("@/db");
  const { storeStripeEvent } = await import("@/lib/stripe/webhooks/store-event");
  const { verifyStripeWebhook } = await import("@/lib/stripe/webhooks/receive-webhook");
  const { webhookSecret } = await import("@/lib/stripe/webhooks/webhook-secret");
  const secret = webhookSecret() ?? "whsec_bench";
  const h = await getDbHandle();
  const stamp = Date.now().toString(36);
  const payloads = (tag: string) =>
    Array.from({ length: N }, (_, i) => {
      const event = {
        id: `evt_bench_${tag}_${stamp}_${i}`,
        object: "event",
        type: "invoice.paid",
        api_version: "2026-10-28.endive",
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object: { id: `in_bench_${i}`, object: "invoice", customer: `cus_bench_${i % 100}`, amount_due: 9900, amount_paid: 9900, currency: "usd", status: "paid", lines: { object: "list", data: [], has_more: false } } },
      };
      const raw = JSON.stringify(event);
      return { id: event.id, raw, sig: Stripe.webhooks.generateTestHeaderString({ payload: raw, secret }) };
    });

  await h.raw("create table if not exists bench_raw_events (id text primary key, payload jsonb not null)");
  const rawSet = payloads("raw");
  const rawSecs = await timed(() =>
    pool(rawSet, CONC, async (p) => {
      await h.raw("insert into bench_raw_events (id, payload) values ($1, $2::jsonb) on conflict do nothing", [p.id, p.raw]);
    }),
  );
  const ingestSet = payloads("ingest");
  const ingestSecs = await timed(() =>
    pool(ingestSet, CONC, async (p) => {
      const event = await verifyStripeWebhook(p.raw, p.sig);
      await storeStripeEvent(event);
    }),
  );
  // Duplicates are acknowledged without a second row.
  const dup = ingestSet.slice(0, 100);
  let dupStored = 0;
  await pool(dup, CONC, async (p) => {
    if ((await storeStripeEvent(await verifyStripeWebhook(p.raw, p.sig))).stored) dupStored++;
  });
  await h.raw("drop table if exists bench_raw_events");
  const rawRate = N / rawSecs;
  const ingestRate = N / ingestSecs;
  console.log(`\nwebhook ingest: ${fmt(N)} events, ${CONC} concurrent (${h.kind})`);
  console.log(`  raw single-row INSERT … ON CONFLICT DO NOTHING ${fmt(rawRate)} rows/s; receiver verify + store ${fmt(ingestRate)} events/s; re-delivered 100 → ${dupStored} stored`);
  line("webhook ingest events/s ÷ raw single-row INSERT rows/s", ingestRate / rawRate, "≥ 0.5");
  return { events: N, concurrency: CONC, rawPerSec: rawRate, ingestPerSec: ingestRate, ratio: ingestRate / rawRate, duplicatesStored: dupStored };
}
