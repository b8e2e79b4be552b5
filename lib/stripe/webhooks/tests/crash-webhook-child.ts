/**
 * Child process for the webhook crash test: the app server as production runs it (database, then pg-boss
 * and its `stripe-event` workers, as lib/startup-hooks.ts starts them with JOBS_ENABLED), with Stripe
 * delivering signed events to the real route handler (app/api/webhooks/stripe/route.ts POST): 4 in
 * flight, each slot pausing 40 ms between deliveries (Stripe spreads its deliveries; the pace keeps intake
 * going while the workers process, so the kill lands mid-intake). DELIVERIES_FILE holds the bodies in
 * delivery order (duplicates included); an event id is appended to ACK_FILE only after its delivery was
 * answered 2xx. Any other answer goes to stderr (the parent requires it empty). The parent SIGKILLs
 * this process mid-way.
 *
 * Stripe calls from the handlers take STRIPE_LATENCY_MS each (the sandbox answers in a millisecond;
 * the real API takes hundreds): a handler then runs for seconds, so at the kill some events are
 * claimed (`processing`) and mid-handler, not only queued.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { NextRequest } from "next/server";

type Delivery = { id: string; payload: string };
const STRIPE_LATENCY_MS = 700;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The app's Stripe client (sandbox mode), with every API call delayed as a real network round trip is. */
async function installSlowStripe() {
  const { default: Stripe } = await import("stripe");
  const { env } = await import("@/lib/env");
  const { SANDBOX_SECRET_KEY } = await import("@/lib/stripe/client");
  const { STRIPE_API_VERSION } = await import("@/lib/stripe/api-version");
  const { getSandbox } = await import("@/lib/stripe/client");
  const sandbox = await getSandbox();
  if (env.STRIPE_SECRET_KEY || !sandbox) throw new Error("the crash test runs against the sandbox (unset STRIPE_SECRET_KEY)");
  const slowFetch: typeof fetch = async (input, init) => {
    await sleep(STRIPE_LATENCY_MS);
    return sandbox.fetch(input, init);
  };
  const client = new Stripe(SANDBOX_SECRET_KEY, { apiVersion: STRIPE_API_VERSION, httpClient: Stripe.createFetchHttpClient(slowFetch), maxNetworkRetries: 0, telemetry: false });
  // getStripe() (lib/stripe/client.ts) returns the cached client while the key is unchanged.
  (globalThis as unknown as { __billingStripe?: { key: string | undefined; client: unknown } }).__billingStripe = { key: env.STRIPE_SECRET_KEY, client };
  return sandbox;
}

async function main() {
  const ackFile = process.env.ACK_FILE!;
  const deliveries = JSON.parse(readFileSync(process.env.DELIVERIES_FILE!, "utf8")) as Delivery[];
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  const sandbox = await installSlowStripe();
  const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
  await startBackgroundJobs();
  const { getRunningBoss } = await import("@/lib/jobs/boss");
  if (!getRunningBoss()) throw new Error("pg-boss did not start: events would be processed inline, not as in production");
  const { POST } = await import("@/app/api/webhooks/stripe/route");
  const { signPayload } = await import("@billing-kit/stripe-sandbox");
  const secret = sandbox.testing.webhookSecret;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++]!;
        // Signed as the sandbox (and Stripe) signs a delivery: HMAC-SHA256 of `${t}.${body}`.
        const headers = { "content-type": "application/json; charset=utf-8", "stripe-signature": signPayload(d.payload, secret, Math.floor(Date.now() / 1000)) };
        const res = await POST(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: d.payload }), { params: Promise.resolve({}) });
        const text = await res.text();
        if (res.status < 200 || res.status >= 300) throw new Error(`delivery of ${d.id} answered ${res.status}: ${text}`);
        appendFileSync(ackFile, d.id + "\n");
        await sleep(40);
      }
    }),
  );
  // Every delivery acknowledged: the workers keep processing until the parent kills this process.
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
