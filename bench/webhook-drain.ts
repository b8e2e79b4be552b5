/**
 * Webhook processing (issue 15): what a customer sees is the processed state, not the 2xx.
 *
 *   burst  N signed events (BENCH_DRAIN_EVENTS, default 2,000) over M customers (BENCH_DRAIN_CUSTOMERS,
 *          default 100) of realistic types, received through the webhook receiver (verify, store, queue;
 *          16 concurrent deliveries) with pg-boss workers running in this process on the offline sandbox.
 *          Events/s processed end to end (first delivery → every row `processed`) ÷ events/s
 *          acknowledged (target ≥ 0.5), and Stripe requests ÷ events processed (target ≤ 1).
 *   lag    a steady BENCH_LAG_RATE events/s (default 50) for BENCH_LAG_SECONDS (default 60):
 *          p50 / p99 of processed_at − received_at (target p99 ≤ 2 s).
 * The HTTP layer is not included (bench/http.ts measures routes); the receiver function is what the route calls.
 */
import Stripe from "stripe";
import { fmt, line, percentile, pool, timed } from "./lib";

const TYPES = ["invoice.created", "invoice.finalized", "invoice.paid", "customer.subscription.updated", "payment_intent.succeeded", "charge.succeeded"] as const;

export async function webhookDrainBench() {
  const N = Number(process.env.BENCH_DRAIN_EVENTS ?? 2_000);
  const M = Number(process.env.BENCH_DRAIN_CUSTOMERS ?? 100);
  const LAG_RATE = Number(process.env.BENCH_LAG_RATE ?? 50);
  const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 60);
  const { db } = await import("@/db");
  const { organizations, stripeEvents } = await import("@/db/schema");
  const { inArray, sql } = await import("drizzle-orm");
  const { getStripe } = await import("@/lib/stripe/client");
  const { stripeRequestsMade } = await import("@/lib/stripe/call-stripe");
  const { receiveStripeWebhook } = await import("@/lib/stripe/webhooks/receive-webhook");
  const { webhookSecret } = await import("@/lib/stripe/webhooks/webhook-secret");
  const { startJobs, stopJobs } = await import("@/lib/jobs/boss");
  await import("@/lib/jobs/register-jobs");
  const secret = webhookSecret()!;
  const stamp = Date.now().toString(36);

  // M organisations, each with a customer in the sandbox (created through the SDK, as onboarding does).
  const stripe = getStripe();
  const customers: string[] = [];
  await pool(Array.from({ length: M }, (_, i) => i), 8, async (i) => {
    const orgId = `org_drain_${stamp}_${i}`;
    const c = await stripe.customers.create({ email: `drain${i}@example.com`, metadata: { org_id: orgId } });
    await db.insert(organizations).values({ id: orgId, name: `Drain ${i}`, stripeCustomerId: c.id });
    customers[i] = c.id;
  });
  await startJobs();

  const objectFor = (type: string, customer: string, i: number): Record<string, unknown> => {
    if (type.startsWith("invoice.")) return { id: `in_drain_${stamp}_${i}`, object: "invoice", customer, status: type === "invoice.paid" ? "paid" : "open", amount_due: 9900, amount_paid: type === "invoice.paid" ? 9900 : 0, currency: "usd", attempt_count: 1, parent: null, lines: { object: "list", data: [], has_more: false } };
    if (type.startsWith("customer.subscription")) return { id: `sub_drain_${stamp}_${i % M}`, object: "subscription", customer, status: "active", items: { object: "list", data: [], has_more: false } };
    if (type.startsWith("payment_intent")) return { id: `pi_drain_${stamp}_${i}`, object: "payment_intent", customer, amount: 9900, currency: "usd", status: "succeeded" };
    return { id: `ch_drain_${stamp}_${i}`, object: "charge", customer, amount: 9900, currency: "usd", paid: true, status: "succeeded" };
  };
  const signed = (tag: string, i: number) => {
    const type = TYPES[i % TYPES.length]!;
    const event = {
      id: `evt_drain_${tag}_${stamp}_${i}`,
      object: "event",
      type,
      api_version: "2026-10-28.endive",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: objectFor(type, customers[i % M]!, i) },
    };
    const raw = JSON.stringify(event);
    return { id: event.id, raw, sig: Stripe.webhooks.generateTestHeaderString({ payload: raw, secret }) };
  };
  const settled = async (ids: string[]) => {
    let done = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(stripeEvents)
        .where(sql`${inArray(stripeEvents.id, ids.slice(i, i + 1000))} and ${stripeEvents.status} in ('processed', 'failed')`);
      done += Number(r!.n);
    }
    return done;
  };

  /** One burst of N events; returns processed events/s end to end. */
  const burstDrain = async (tag: string, label: string) => {
    const burst = Array.from({ length: N }, (_, i) => signed(tag, i));
    const ids = burst.map((b) => b.id);
    const callsBefore = stripeRequestsMade();
    const t0 = process.hrtime.bigint();
    const ackSecs = await timed(() => pool(burst, 16, async (b) => void (await receiveStripeWebhook(b.raw, b.sig))));
    const deadline = Date.now() + 15 * 60_000;
    while ((await settled(ids)) < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const drainSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const calls = stripeRequestsMade() - callsBefore;
    const failed = await db.select({ n: sql<number>`count(*)::int` }).from(stripeEvents).where(sql`${inArray(stripeEvents.id, ids.slice(0, 1000))} and ${stripeEvents.status} = 'failed'`);
    const ack = N / ackSecs;
    const processed = (await settled(ids)) / drainSecs;
    console.log(`  ${label}: acknowledged ${fmt(ack, 0)} events/s; processed end to end ${fmt(processed, 1)} events/s (${fmt(drainSecs, 1)} s); ${fmt(calls)} Stripe requests from this process; failed (first 1,000) ${failed[0]!.n}`);
    return { ack, processed, calls };
  };

  try {
    console.log(`\nwebhook processing: ${fmt(N)} events over ${fmt(M)} customers (${TYPES.join(", ")})`);
    const one = await burstDrain("burst", "one instance");
    line("burst drain: processed events/s ÷ acknowledged events/s", one.processed / one.ack, "≥ 0.5");
    line("Stripe requests per event processed", one.calls / N, "≤ 1");

    // A second instance on the same Postgres: a child process running the same pg-boss workers.
    if (process.env.DATABASE_URL && process.env.BENCH_DRAIN_TWO !== "0") {
      const second = await startSecondInstance();
      try {
        const two = await burstDrain("burst2", "two instances");
        console.log(`  the second instance processed ${fmt(await second.processed(), 0)} of them`);
        line("two instances ÷ one instance, processed events/s", two.processed / one.processed, "≥ 1");
      } finally {
        await second.stop();
      }
    }

    if (LAG_SECONDS > 0) {
      const total = LAG_RATE * LAG_SECONDS;
      const steady = Array.from({ length: total }, (_, i) => signed("lag", i));
      const start = Date.now();
      await pool(steady, 4, async (b, i) => {
        const due = start + (i * 1000) / LAG_RATE;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        await receiveStripeWebhook(b.raw, b.sig);
      });
      const lagIds = steady.map((s) => s.id);
      const until = Date.now() + 5 * 60_000;
      while ((await settled(lagIds)) < total && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      const lags: number[] = [];
      for (let i = 0; i < lagIds.length; i += 1000) {
        const rows = await db
          .select({ ms: sql<number>`extract(epoch from (${stripeEvents.processedAt} - ${stripeEvents.receivedAt})) * 1000` })
          .from(stripeEvents)
          .where(inArray(stripeEvents.id, lagIds.slice(i, i + 1000)));
        lags.push(...rows.map((r) => Number(r.ms)));
      }
      console.log(`  steady ${LAG_RATE} events/s for ${LAG_SECONDS} s: lag p50 ${fmt(percentile(lags, 50), 0)} ms, p99 ${fmt(percentile(lags, 99), 0)} ms`);
      line("lag p99 at a steady rate, seconds", percentile(lags, 99) / 1000, "≤ 2");
    }
  } finally {
    await stopJobs();
  }
}

/** bench/drain-worker.ts in a child process (same DATABASE_URL): a second app instance's workers. */
async function startSecondInstance() {
  const { spawn } = await import("node:child_process");
  const path = await import("node:path");
  // node --import tsx (not the tsx CLI, which runs node in a further child process): signals reach the worker.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(__dirname, "drain-worker.ts")], {
    env: { ...process.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 120_000;
  while (!out.includes("ready") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes("ready")) throw new Error(`second instance did not start: ${out}`);
  return {
    /** Events the second instance processed (it prints its count when asked). */
    async processed() {
      const before = out.length;
      child.kill("SIGUSR2");
      while (!out.slice(before).includes("processed ")) await new Promise((r) => setTimeout(r, 50));
      return Number(/processed (\d+)/.exec(out.slice(before))![1]);
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    },
  };
}
