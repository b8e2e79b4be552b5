import { createHash, randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import postgres from "postgres";
import Stripe from "stripe";
import { E2E_ENV } from "../e2e/fixtures";
import { INSTANCES } from "./env";

/**
 * Tools of the multi-instance suite: the shared database (read directly: the suite checks rows, not
 * only answers), fresh organisations with API keys, signed webhook deliveries, a bounded request pool
 * and a seeded shuffle.
 */

/** The webhook secret the servers run with (production in sandbox mode needs one: e2e/fixtures.ts). */
export const SANDBOX_WEBHOOK_SECRET = E2E_ENV.STRIPE_WEBHOOK_SECRET!;

let sqlClient: postgres.Sql | null = null;
/** One small pool per Playwright worker on the suite's DATABASE_URL. */
export function db(): postgres.Sql {
  sqlClient ??= postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
  return sqlClient;
}
export async function closeDb() {
  const c = sqlClient;
  sqlClient = null;
  await c?.end({ timeout: 5 });
}

/** A unique tag per run and spec, so ids never collide with an earlier run's rows. */
export function runTag(name: string): string {
  return `${name}_${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new organisation (free plan: no subscription) with one API key, written straight into the database. */
export async function orgWithKey(tag: string): Promise<{ orgId: string; key: string }> {
  const orgId = `org_${tag}`;
  const bytes = randomBytes(32);
  const key = `bk_${[...bytes].map((b) => BASE62[b % 62]).join("")}`;
  const sql = db();
  await sql.begin(async (tx) => {
    await tx`insert into organizations (id, name) values (${orgId}, ${`Multi-instance ${tag}`})`;
    await tx`insert into api_keys (id, org_id, name, prefix, hash) values (${`key_${tag}`}, ${orgId}, 'multi-instance suite', ${key.slice(0, 12)}, ${createHash("sha256").update(key).digest("hex")})`;
  });
  return { orgId, key };
}

/** Deterministic PRNG (mulberry32): the shuffles and splits of a run are reproducible from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Run `tasks` with at most `limit` in flight; results in task order. */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  });
  await Promise.all(lanes);
  return out;
}

/** The other instance's base URL. */
export const other = (url: string) => (url === INSTANCES[0] ? INSTANCES[1] : INSTANCES[0]);

export type Answer = { status: number; body: Record<string, unknown>; instance: string };

async function answer(res: APIResponse, instance: string): Promise<Answer> {
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${instance}: status ${res.status()}, body is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status(), body, instance };
}

export async function apiPost(request: APIRequestContext, instance: string, path: string, key: string, data: unknown): Promise<Answer> {
  const res = await request.post(`${instance}${path}`, { headers: { authorization: `Bearer ${key}` }, data, failOnStatusCode: false });
  return answer(res, instance);
}

export async function apiGet(request: APIRequestContext, instance: string, path: string, key: string): Promise<Answer> {
  const res = await request.get(`${instance}${path}`, { headers: { authorization: `Bearer ${key}` }, failOnStatusCode: false });
  return answer(res, instance);
}

/** A Stripe event as the webhook route receives it. */
export function stripeEvent(id: string, type: string, object: Record<string, unknown>) {
  return { id, object: "event", api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

/** A paid credit-pack Checkout Session (mode payment, no customer): the handler grants the pack once per session id. */
export function paidPackSession(sessionId: string, orgId: string, packKey = "pack_1000") {
  return { id: sessionId, object: "checkout.session", mode: "payment", status: "complete", payment_status: "paid", customer: null, amount_total: 1_000, currency: "usd", metadata: { pack_key: packKey, org_id: orgId } };
}

/**
 * Make the (shared, Postgres-backed) sandbox hold this session as Stripe would after a card payment:
 * the credit-pack handler reads the session back from Stripe before granting, and a session Stripe
 * does not know grants nothing (issue 14, finding 4).
 */
export async function stripeHoldsSessions(sessions: Array<{ id: string } & Record<string, unknown>>) {
  const created = Math.floor(Date.now() / 1000);
  for (const s of sessions) {
    await db()`insert into sandbox_objects (id, type, customer, data, created) values (${s.id}, 'checkout.session', null, ${db().json(s as never)}, ${created}) on conflict (id) do nothing`;
  }
}

/** Deliver one event to one instance, signed at send time with the sandbox secret. */
export async function deliver(request: APIRequestContext, instance: string, event: object): Promise<Answer> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: SANDBOX_WEBHOOK_SECRET });
  const res = await request.post(`${instance}/api/webhooks/stripe`, {
    headers: { "stripe-signature": signature, "content-type": "application/json" },
    data: payload,
    failOnStatusCode: false,
  });
  return answer(res, instance);
}

/** Grant a credit pack through the real path: a signed checkout.session.completed, then wait until it is processed. */
export async function grantPackByWebhook(request: APIRequestContext, instance: string, orgId: string, sessionId: string) {
  await stripeHoldsSessions([paidPackSession(sessionId, orgId)]);
  const out = await deliver(request, instance, stripeEvent(`evt_${sessionId}`, "checkout.session.completed", paidPackSession(sessionId, orgId)));
  expect(out.status).toBe(200);
  await expect
    .poll(async () => (await db()`select status from stripe_events where id = ${`evt_${sessionId}`}`)[0]?.status, { timeout: 60_000, intervals: [250, 500, 1_000] })
    .toBe("processed");
}

/** The ledger invariant of lib/credits/verify-ledger.ts, read straight from the tables. */
export async function ledger(orgId: string) {
  const [r] = await db()`select
      (select balance from credit_balances where org_id = ${orgId})::bigint as balance,
      (select coalesce(sum(amount), 0) from credit_transactions where org_id = ${orgId})::bigint as ledger_sum,
      (select coalesce(sum(remaining), 0) from credit_grants where org_id = ${orgId} and expired_at is null)::bigint as grants_remaining,
      (select balance_after from credit_transactions where org_id = ${orgId} order by id desc limit 1)::bigint as last_balance_after,
      (select count(*) from credit_transactions where org_id = ${orgId} and balance_after < 0)::int as negative`;
  return {
    balance: Number(r!.balance),
    ledgerSum: Number(r!.ledger_sum),
    grantsRemaining: Number(r!.grants_remaining),
    lastBalanceAfter: Number(r!.last_balance_after),
    negative: Number(r!.negative),
  };
}

/** Count answers by a key. */
export function tally<T>(items: T[], keyOf: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[keyOf(t)] = (out[keyOf(t)] ?? 0) + 1;
  return out;
}
