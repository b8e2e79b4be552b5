import { observeEvent } from "./conformance";
import { createHmac } from "node:crypto";
import { and, asc, eq, lte } from "drizzle-orm";
import { runtime } from "./runtime";
import { sandboxEvents } from "./schema";

export type WebhookDelivery = { url: string; payload: string; headers: Record<string, string>; eventId: string; type: string };
/** Returns the HTTP status (2xx = delivered); throwing counts as a failed attempt. */
export type WebhookTransport = (d: WebhookDelivery) => Promise<number>;

const MAX_ATTEMPTS = 8;

const defaultTransport: WebhookTransport = async (d) => {
  const res = await fetch(d.url, { method: "POST", headers: d.headers, body: d.payload, signal: AbortSignal.timeout(runtime().deliveryTimeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

const g = globalThis as unknown as {
  __sandboxTransport?: WebhookTransport;
  __sandboxPumpTimer?: ReturnType<typeof setTimeout>;
  __sandboxPumping?: Promise<void>;
  __sandboxDelivering?: Promise<number>;
  /** A delivery has succeeded in this process: the receiving route is up (and, in development, compiled). */
  __sandboxTargetWarm?: boolean;
};

/** Replace how events are delivered (tests collect them; the default POSTs to the app's webhook route). */
export function setWebhookTransport(fn: WebhookTransport | null) {
  g.__sandboxTransport = fn ?? undefined;
}

function autoDeliver(): boolean {
  // Hosts under test have nothing listening on the target: deliver only when a test installed a transport.
  return Boolean(g.__sandboxTransport) || runtime().autoDeliver;
}

/** `Stripe-Signature: t=…,v1=…` exactly as Stripe computes it (HMAC-SHA256 of `${t}.${payload}`). */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const sig = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${sig}`;
}

function backoffMs(attempts: number): number {
  const base = Math.min(1000 * 2 ** attempts, 60 * 60_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Deliver every pending event that is due, in no particular order; failures are retried with backoff. */
export function deliverDueEvents(opts: { ignoreSchedule?: boolean } = {}): Promise<number> {
  // one delivery round at a time in this process, so an event is never sent twice by racing rounds
  const run = () => deliverRound(opts);
  const next = (g.__sandboxDelivering ?? Promise.resolve(0)).then(run, run);
  g.__sandboxDelivering = next.catch(() => 0);
  return next;
}

async function deliverRound(opts: { ignoreSchedule?: boolean }): Promise<number> {
  const { db, scope, webhookTarget: url, webhookSecret: secret, logger } = runtime();
  const wall = Date.now(); // wall time: delivery retries are network-level, not billing time
  const due = await db
    .select()
    .from(sandboxEvents)
    .where(
      opts.ignoreSchedule
        ? and(eq(sandboxEvents.deliveryStatus, "pending"), eq(sandboxEvents.scope, scope))
        : and(eq(sandboxEvents.deliveryStatus, "pending"), eq(sandboxEvents.scope, scope), lte(sandboxEvents.nextAttemptMs, wall)),
    )
    .orderBy(asc(sandboxEvents.seq))
    .limit(200);
  const transport = g.__sandboxTransport ?? defaultTransport;
  const shuffled = due.sort(() => Math.random() - 0.5);
  let delivered = 0;
  const deliver = async (row: (typeof due)[number]) => {
    const payload = JSON.stringify(row.data, null, 2);
    observeEvent(row.type, row.data);
    const headers = {
      "content-type": "application/json; charset=utf-8",
      "stripe-signature": signPayload(payload, secret, Math.floor(Date.now() / 1000)),
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) sandbox",
    };
    let error: string | null = null;
    try {
      const status = await transport({ url, payload, headers, eventId: row.id, type: row.type });
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const attempts = row.attempts + 1;
    if (!error) delivered++;
    await db
      .update(sandboxEvents)
      .set({
        attempts,
        lastError: error,
        deliveryStatus: error ? (attempts >= MAX_ATTEMPTS ? "failed" : "pending") : "delivered",
        nextAttemptMs: error ? Date.now() + backoffMs(attempts) : row.nextAttemptMs,
      })
      .where(eq(sandboxEvents.id, row.id));
    if (error) logger.debug({ event: row.id, attempts, error }, "sandbox webhook delivery failed");
    else g.__sandboxTargetWarm = true;
  };
  // Until one delivery has succeeded, send one first: a dev server compiles its webhook route on the
  // first request, and a burst waiting on that compile would time out together.
  if (!g.__sandboxTargetWarm && shuffled.length > 1) await deliver(shuffled.shift()!);
  await Promise.all(shuffled.map(deliver));
  return delivered;
}

/** Kick the delivery loop (after a commit, at start); reschedules itself while events are pending. */
export function pumpWebhooks(delayMs = 0) {
  if (!autoDeliver()) return;
  if (g.__sandboxPumpTimer) clearTimeout(g.__sandboxPumpTimer);
  g.__sandboxPumpTimer = setTimeout(() => {
    g.__sandboxPumpTimer = undefined;
    g.__sandboxPumping = (g.__sandboxPumping ?? Promise.resolve())
      .then(async () => {
        await deliverDueEvents();
        const { db, scope } = runtime();
        const next = await db
          .select({ at: sandboxEvents.nextAttemptMs })
          .from(sandboxEvents)
          .where(and(eq(sandboxEvents.deliveryStatus, "pending"), eq(sandboxEvents.scope, scope)))
          .orderBy(asc(sandboxEvents.nextAttemptMs))
          .limit(1);
        if (next[0]) pumpWebhooks(Math.max(50, next[0].at - Date.now()));
      })
      .catch((e) => runtime().logger.debug({ err: e }, "sandbox webhook pump stopped"));
  }, delayMs);
  g.__sandboxPumpTimer.unref?.();
}

/** For tests: deliver everything pending now (retries included), until nothing is left or `rounds` run out. */
export async function flushSandboxWebhooks(rounds = 1): Promise<number> {
  let total = 0;
  for (let i = 0; i < rounds; i++) total += await deliverDueEvents({ ignoreSchedule: true });
  return total;
}

/** For tests: every event this process's scope recorded, in the order the sandbox created them (delivered or not). */
export async function outbox(): Promise<{ id: string; type: string; data: Record<string, unknown>; deliveryStatus: string }[]> {
  const { db, scope } = runtime();
  return db
    .select({ id: sandboxEvents.id, type: sandboxEvents.type, data: sandboxEvents.data, deliveryStatus: sandboxEvents.deliveryStatus })
    .from(sandboxEvents)
    .where(eq(sandboxEvents.scope, scope))
    .orderBy(asc(sandboxEvents.seq));
}
