import "server-only";
import { and, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { db } from "@/db";
import { webhookDeliveries, webhookEndpoints, type DomainEventRow, type WebhookDeliveryRow } from "@/db/schema";
import { now, nowMs } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { record, type Actor } from "@/lib/events/record";
import type { PublishedEvent } from "@/lib/events/schema";
import { newId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/enqueue";
import { WEBHOOK_DELIVERY_JOB } from "@/lib/jobs/webhook-delivery-job";
import { logger } from "@/lib/log";
import { fetch } from "undici";
import { assertDeliverableUrl, deliveryDispatcher } from "./check-url";
import { getEndpointRow } from "./endpoints";
import { decryptSecret } from "./secrets";
import { withOrg } from "@/db/with-org";

/**
 * Outbound webhook deliveries (Standard Webhooks). Guarantees, as documented in docs/ARCHITECTURE.md:
 * - at least once: a delivery row is written per (endpoint, event) — unique — and attempted until the
 *   endpoint answers 2xx, or it is `dead` after MAX_WEBHOOK_ATTEMPTS (≈ 3 days of backoff);
 * - no ordering across retries: a failed event is retried later while newer events go out. Receivers
 *   order by `occurred_at` and dedupe on the event id (also the `webhook-id` header).
 */

/** Attempts before a delivery is `dead`: the backoff below adds up to about 3 days. */
export const MAX_WEBHOOK_ATTEMPTS = 17;
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 1024;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 12 * 60 * 60_000;

/** Delay after attempt n (1-based): 30 s, 1 min, 2 min, … capped at 12 h, with ±20 % jitter. */
export function webhookRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type DeliveryView = Pick<
  WebhookDeliveryRow,
  "id" | "endpointId" | "eventId" | "eventType" | "status" | "attempts" | "nextAttemptAt" | "lastAttemptAt" | "lastStatusCode" | "durationMs" | "lastError" | "responseExcerpt" | "createdAt"
>;

function kick(deliveryId: string) {
  return enqueue(WEBHOOK_DELIVERY_JOB, { deliveryId }, { singletonKey: deliveryId }).catch((err: unknown) => {
    // The sweeper picks it up within a minute.
    logger.warn({ err, deliveryId }, "could not queue a webhook delivery; the sweeper will");
    return null;
  });
}

const matches = (types: string[], type: string) => types.includes("*") || types.includes(type);

/**
 * The webhook subscriber's work for one event: one delivery per enabled endpoint of the organisation
 * that wants this type. Idempotent per event id (unique endpoint_id + event_id).
 */
export async function queueDeliveriesForEvent(event: PublishedEvent, row: Pick<DomainEventRow, "orgId">): Promise<string[]> {
  if (!row.orgId) return [];
  const endpoints = await db
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, row.orgId), eq(webhookEndpoints.enabled, true)));
  const wanted = endpoints.filter((e) => matches(e.eventTypes, event.type));
  if (wanted.length === 0) return [];
  const at = now();
  const inserted = await db
    .insert(webhookDeliveries)
    .values(wanted.map((e) => ({ id: newId("whd"), orgId: row.orgId!, endpointId: e.id, eventId: event.id, eventType: event.type, payload: event, nextAttemptAt: at, createdAt: at })))
    .onConflictDoNothing({ target: [webhookDeliveries.endpointId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id });
  for (const d of inserted) await kick(d.id);
  return inserted.map((d) => d.id);
}

/** The `webhook-signature` header: the current secret's `v1,` signature, plus the previous secret's during a rotation. */
export function signatureHeader(secrets: string[], msgId: string, timestamp: Date, body: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, timestamp, body)).join(" ");
}

/** Read at most `limit` bytes of a response body, then stop reading. */
async function readExcerpt(res: { body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null }, limit = RESPONSE_EXCERPT_BYTES): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString("utf8");
}

export type WebhookOutcome =
  | { status: "succeeded"; code: number }
  | { status: "skipped"; reason: "not_found" | "not_due" | "in_progress" | "done" }
  | { status: "failed" | "dead"; error: string; code: number | null };

/**
 * One attempt at a delivery. Claimed with a conditional UPDATE (pending|failed and due → sending), so
 * concurrent jobs and sweepers send it once per attempt. POSTs the envelope with the Standard Webhooks
 * headers, a timeout, no redirects followed and at most 1 KB of the response read. A non-2xx answer,
 * a timeout or a network error schedules the next attempt (backoff with jitter) or, after the last, `dead`.
 */
export async function deliverWebhook(deliveryId: string, options: { timeoutMs?: number } = {}): Promise<WebhookOutcome> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "sending", attempts: sql`${webhookDeliveries.attempts} + 1`, sendStartedAt: now() })
    .where(and(eq(webhookDeliveries.id, deliveryId), inArray(webhookDeliveries.status, ["pending", "failed"]), lte(webhookDeliveries.nextAttemptAt, now())))
    .returning();
  if (!row) {
    const [existing] = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    if (!existing) return { status: "skipped", reason: "not_found" };
    return { status: "skipped", reason: existing.status === "sending" ? "in_progress" : existing.status === "pending" || existing.status === "failed" ? "not_due" : "done" };
  }
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId));
  const fail = async (error: string, code: number | null, durationMs: number | null, excerpt: string | null, final = false): Promise<WebhookOutcome> => {
    const dead = final || row.attempts >= MAX_WEBHOOK_ATTEMPTS;
    await db
      .update(webhookDeliveries)
      .set({
        status: dead ? "dead" : "failed",
        lastError: error.slice(0, 1000),
        lastStatusCode: code,
        durationMs,
        responseExcerpt: excerpt,
        lastAttemptAt: now(),
        nextAttemptAt: new Date(nowMs() + webhookRetryDelayMs(row.attempts)),
      })
      .where(eq(webhookDeliveries.id, deliveryId));
    logger.warn({ deliveryId, endpointId: row.endpointId, attempt: row.attempts, code, dead, err: error }, dead ? "webhook delivery dead" : "webhook delivery failed; will retry");
    if (dead && !final && endpoint?.enabled) await disableIfFailingThroughout(endpoint, row);
    return { status: dead ? "dead" : "failed", error, code };
  };
  if (!endpoint || !endpoint.enabled) return fail("The endpoint is disabled.", null, null, null, true);

  const body = JSON.stringify(row.payload);
  const started = performance.now();
  try {
    const url = await assertDeliverableUrl(endpoint.url);
    const secrets = [decryptSecret(endpoint.secretEncrypted)];
    if (endpoint.previousSecretEncrypted && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > nowMs()) {
      secrets.push(decryptSecret(endpoint.previousSecretEncrypted));
    }
    // Receivers check the timestamp against their own clock: the wall clock, not the app's (sandbox-shifted) one.
    const timestamp = new Date(Date.now());
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      // production: the socket connects only to the public address it checked (no DNS rebinding)
      dispatcher: deliveryDispatcher(),
      signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "billing-kit-webhooks/1",
        "webhook-id": row.eventId,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signatureHeader(secrets, row.eventId, timestamp, body),
      },
      body,
    });
    const excerpt = await readExcerpt(res);
    const durationMs = Math.round(performance.now() - started);
    if (res.status < 200 || res.status >= 300) {
      const why = res.status >= 300 && res.status < 400 ? `redirect to ${res.headers.get("location") ?? "?"} not followed` : `HTTP ${res.status}`;
      return fail(why, res.status, durationMs, excerpt);
    }
    await db
      .update(webhookDeliveries)
      .set({ status: "succeeded", lastStatusCode: res.status, durationMs, responseExcerpt: excerpt, lastError: null, lastAttemptAt: now() })
      .where(eq(webhookDeliveries.id, deliveryId));
    return { status: "succeeded", code: res.status };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    const e = err as Error & { cause?: { code?: string } };
    const message = e.name === "TimeoutError" || e.name === "AbortError" ? `timed out after ${options.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ""}`;
    return fail(message, null, durationMs, null);
  }
}

/**
 * Re-queue deliveries due for a retry, never handed to the job (lost kick), or stuck `sending` (the
 * sender died mid-attempt: the attempt counts, it is retried). Runs with the outbox sweeper, every minute.
 */
export async function sweepWebhookDeliveries(options: { pendingAfterMs?: number; stuckAfterMs?: number; limit?: number } = {}) {
  const t = nowMs();
  const stuck = await db
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: "the attempt did not finish (process stopped?)" })
    .where(and(eq(webhookDeliveries.status, "sending"), lt(webhookDeliveries.sendStartedAt, new Date(t - (options.stuckAfterMs ?? 5 * 60_000)))))
    .returning({ id: webhookDeliveries.id });
  const due = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      or(
        and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, new Date(t - (options.pendingAfterMs ?? 60_000)))),
        and(eq(webhookDeliveries.status, "failed"), lte(webhookDeliveries.nextAttemptAt, new Date(t))),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(options.limit ?? 500);
  for (const d of due) await kick(d.id);
  return { requeued: due.length, unstuck: stuck.length };
}

/** Send a `webhook.test` event to one endpoint now (it appears in the delivery log). */
export async function sendTestWebhook(input: { orgId: string; actor: Actor; endpointId: string }): Promise<string> {
  const endpoint = await getEndpointRow(input.orgId, input.endpointId);
  const at = now();
  const eventId = newId("evt_test");
  const payload = { id: eventId, type: "webhook.test", version: 1, org_id: input.orgId, occurred_at: at.toISOString(), data: { endpoint_id: endpoint.id } };
  const id = newId("whd");
  await db.transaction(async (tx) => {
    await tx.insert(webhookDeliveries).values({ id, orgId: input.orgId, endpointId: endpoint.id, eventId, eventType: "webhook.test", payload, nextAttemptAt: at, createdAt: at });
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "webhook_endpoint.test_sent", target: endpoint.id, after: { deliveryId: id } });
  });
  await kick(id);
  return id;
}

/**
 * Send a delivery again now, whatever its status (also a successful one: users iterate on their
 * receiver). `endpointId`, when given, must be the delivery's endpoint (404 otherwise). A delivery being
 * sent right now is left alone: `resent: false`.
 */
export async function resendWebhookDelivery(input: { orgId: string; actor: Actor; deliveryId: string; endpointId?: string }): Promise<{ resent: boolean }> {
  const scope = and(
    eq(webhookDeliveries.id, input.deliveryId),
    eq(webhookDeliveries.orgId, input.orgId),
    input.endpointId !== undefined ? eq(webhookDeliveries.endpointId, input.endpointId) : undefined,
  );
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now(), lastError: null })
    .where(and(scope, sql`${webhookDeliveries.status} <> 'sending'`))
    .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId });
  if (!row) {
    const [existing] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(scope);
    if (!existing) throw notFound("webhook delivery");
    return { resent: false }; // being sent right now
  }
  await record(db, { actor: input.actor, orgId: input.orgId, action: "webhook_delivery.resent", target: row.id, after: { endpointId: row.endpointId } });
  await kick(row.id);
  return { resent: true };
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  durationMs: webhookDeliveries.durationMs,
  lastError: webhookDeliveries.lastError,
  responseExcerpt: webhookDeliveries.responseExcerpt,
  createdAt: webhookDeliveries.createdAt,
};

/**
 * The delivery log of one endpoint, newest first (created_at, then id), keyset-paged: `cursor` is the
 * last delivery id of the previous page (of this endpoint; another id is a 400 `invalid_cursor`).
 */
export async function listWebhookDeliveries(orgId: string, endpointId: string, limit = 50, cursor?: string): Promise<DeliveryView[]> {
  await getEndpointRow(orgId, endpointId);
  const ofEndpoint = and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.endpointId, endpointId));
  let after: { createdAt: Date; id: string } | undefined;
  if (cursor !== undefined) {
    [after] = await db.select({ createdAt: webhookDeliveries.createdAt, id: webhookDeliveries.id }).from(webhookDeliveries).where(and(ofEndpoint, eq(webhookDeliveries.id, cursor)));
    if (!after) throw badRequest("cursor is not a delivery of this endpoint: pass the previous page's next_cursor.", undefined, "invalid_cursor");
  }
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        ofEndpoint,
        after ? or(lt(webhookDeliveries.createdAt, after.createdAt), and(eq(webhookDeliveries.createdAt, after.createdAt), lt(webhookDeliveries.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** One page of an endpoint's delivery log (the API's `GET …/deliveries`): `nextCursor` is null on the last page. */
export async function pageWebhookDeliveries(input: { orgId: string; endpointId: string; limit?: number; cursor?: string }) {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const rows = await listWebhookDeliveries(input.orgId, input.endpointId, limit + 1, input.cursor);
  const data = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return { data, hasMore, nextCursor: hasMore ? data[data.length - 1]!.id : null };
}

const JOB_ACTOR: Actor = { type: "job", id: null };

/**
 * A delivery just went dead: it failed every attempt for about 3 days. If no delivery to the endpoint
 * succeeded in that time either, the endpoint is broken, not one event: it is disabled (new events stop
 * piling up) and the owners are told in the app and by email (`webhook_endpoint.disabled`, once per
 * disabling). Re-enabling it in Settings → Webhooks resumes deliveries; the dead ones can be re-sent.
 */
async function disableIfFailingThroughout(endpoint: typeof webhookEndpoints.$inferSelect, dead: WebhookDeliveryRow): Promise<void> {
  const [ok] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "succeeded"), gte(webhookDeliveries.lastAttemptAt, dead.createdAt)))
    .limit(1);
  if (ok) return;
  await withOrg(endpoint.orgId, async (tx) => {
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, updatedAt: now() })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.enabled, true)))
      .returning({ id: webhookEndpoints.id });
    if (!disabled) return; // already disabled (by a person, or by a concurrent dead delivery)
    await record(tx, {
      actor: JOB_ACTOR,
      orgId: endpoint.orgId,
      action: "webhook_endpoint.disabled",
      target: endpoint.id,
      before: { enabled: true },
      after: { enabled: false, reason: "failing", failing_since: dead.createdAt.toISOString() },
      event: { type: "webhook_endpoint.disabled", data: { endpoint_id: endpoint.id, url: endpoint.url, failing_since: dead.createdAt.toISOString(), reason: "failing" } },
      key: `webhook-disabled:${endpoint.id}:${dead.id}`,
      notice: {
        kind: "webhook_endpoint_disabled",
        title: "A webhook endpoint was turned off",
        body: `Deliveries to ${endpoint.url} have failed for about 3 days, so it was disabled. Fix the receiver, then enable it again in Settings → Webhooks and re-send what it missed.`,
        email: true,
      },
    });
  });
}

