import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { clockOffsetMs, setClockOffset } from "@/lib/clock";
import { dispatchEvent } from "@/lib/events/dispatch";
import { record } from "@/lib/events/record";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { deliverWebhook, listWebhookDeliveries, MAX_WEBHOOK_ATTEMPTS, resendWebhookDelivery, sendTestWebhook, sweepWebhookDeliveries, webhookRetryDelayMs } from "@/lib/webhooks-out/deliveries";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, updateWebhookEndpoint } from "@/lib/webhooks-out/endpoints";
import { decryptSecret } from "@/lib/webhooks-out/secrets";

/**
 * Outbound webhooks (issue 16 §2) against a real HTTP receiver in this process: Standard Webhooks
 * signatures checked with the `standardwebhooks` verifier, retries until a failing receiver recovers,
 * a hanging receiver timed out, both secrets signing during a rotation.
 */

// "The queue is down": every enqueue fails while `queue.down`; the test then drives attempts itself.
const queue = vi.hoisted(() => ({ down: false }));
vi.mock("@/lib/jobs/enqueue", async (orig) => {
  const actual = await orig<typeof import("@/lib/jobs/enqueue")>();
  return {
    ...actual,
    enqueue: (...args: Parameters<typeof actual.enqueue>) => (queue.down ? Promise.reject(new Error("queue down")) : actual.enqueue(...args)),
  };
});

type Received = { headers: IncomingHttpHeaders; body: string; answered: number };
const actor = { type: "user" as const, id: "user_webhooks" };
const offset = clockOffsetMs();
const servers: Server[] = [];

/** A receiver that answers each request with `answer(n)` (n = 0-based request count); "hang" never answers. */
async function receiver(answer: (n: number) => number | "hang") {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const a = answer(got.length);
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: a === "hang" ? 0 : a });
      if (a === "hang") return;
      res.writeHead(a, { "content-type": "text/plain" });
      res.end(a >= 300 ? "x".repeat(5000) : "ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got };
}

function verify(secret: string, r: Received) {
  return new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  }) as { id: string; type: string; data: Record<string, unknown> };
}

const grant = (orgId: string, n: number) =>
  record(db, {
    actor,
    orgId,
    action: "credits.granted",
    target: `grant_${n}`,
    event: { type: "credits.granted", data: { grant_id: `grant_${n}`, amount: 100, source: "promotional", balance: 100, expires_at: null, reason: null } },
    key: `wh-grant:${orgId}:${n}`,
  });

const deliveriesOf = (endpointId: string) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

afterEach(() => {
  queue.down = false;
  setClockOffset(offset);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe("webhook endpoints", () => {
  it("creates an endpoint with a secret shown once, stored encrypted, and audits every change", async () => {
    const orgId = await makeOrg("Endpoints Co");
    const { endpoint, secret } = await createWebhookEndpoint({ orgId, actor, url: "http://127.0.0.1:9/a", eventTypes: ["credits.granted", "invoice.paid", "credits.granted"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint).toMatchObject({ url: "http://127.0.0.1:9/a", eventTypes: ["credits.granted", "invoice.paid"], enabled: true });
    expect(endpoint).not.toHaveProperty("secretEncrypted");
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.secretEncrypted).not.toContain(secret.slice(6));
    expect(decryptSecret(row!.secretEncrypted)).toBe(secret);

    await updateWebhookEndpoint({ orgId, actor, endpointId: endpoint.id, enabled: false, eventTypes: ["*"] });
    expect(await listWebhookEndpoints(orgId)).toMatchObject([{ enabled: false, eventTypes: ["*"] }]);
    await expect(createWebhookEndpoint({ orgId, actor, url: "http://127.0.0.1:9/a", eventTypes: ["nope.nope"] })).rejects.toThrow();
    const other = await makeOrg("Other Co");
    await expect(deleteWebhookEndpoint({ orgId: other, actor, endpointId: endpoint.id })).rejects.toMatchObject({ code: "not_found" });
    await deleteWebhookEndpoint({ orgId, actor, endpointId: endpoint.id });
    expect(await listWebhookEndpoints(orgId)).toEqual([]);
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.target, endpoint.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(["webhook_endpoint.created", "webhook_endpoint.deleted", "webhook_endpoint.updated"]);
    expect(JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.orgId, orgId)))).not.toContain(secret);
  });
});

describe("deliveries", () => {
  it("delivers a recorded event, signed so the standardwebhooks verifier accepts it, to matching enabled endpoints only, once", async () => {
    const orgId = await makeOrg("Signed Co");
    const rx = await receiver(() => 204);
    const other = await receiver(() => 204);
    const { endpoint, secret } = await createWebhookEndpoint({ orgId, actor, url: rx.url, eventTypes: ["credits.granted"] });
    await createWebhookEndpoint({ orgId, actor, url: other.url, eventTypes: ["invoice.paid"] });
    const off = await createWebhookEndpoint({ orgId, actor, url: other.url, eventTypes: ["*"] });
    await updateWebhookEndpoint({ orgId, actor, endpointId: off.endpoint.id, enabled: false });

    await grant(orgId, 1);
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);
    expect(other.got).toHaveLength(0);
    const msg = verify(secret, rx.got[0]!);
    expect(msg).toMatchObject({ type: "credits.granted", version: 1, org_id: orgId, data: { grant_id: "grant_1", amount: 100 } });
    expect(rx.got[0]!.headers["webhook-id"]).toBe(msg.id);
    expect(() => verify(`whsec_${Buffer.from("wrong secret wrong secret").toString("base64")}`, rx.got[0]!)).toThrow();

    // A re-dispatched event (at least once) makes no second delivery.
    const [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 1, lastStatusCode: 204, responseExcerpt: "" });
    await dispatchEvent(msg.id);
    const { queueDeliveriesForEvent } = await import("@/lib/webhooks-out/deliveries");
    expect(await queueDeliveriesForEvent(d!.payload as never, { orgId })).toEqual([]);
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);

    // Re-send of a successful delivery (users iterate on their receiver).
    await resendWebhookDelivery({ orgId, actor, deliveryId: d!.id });
    await drainInlineJobs();
    expect(rx.got).toHaveLength(2);
    expect(verify(secret, rx.got[1]!).id).toBe(msg.id);
    expect(await listWebhookDeliveries(orgId, endpoint.id)).toMatchObject([{ id: d!.id, status: "succeeded", attempts: 1 }]);
  });

  it("retries a receiver that fails three times with backoff, and delivers once it recovers", async () => {
    const orgId = await makeOrg("Flaky Co");
    const rx = await receiver((n) => (n < 3 ? 503 : 200));
    const { endpoint, secret } = await createWebhookEndpoint({ orgId, actor, url: rx.url, eventTypes: ["*"] });
    await grant(orgId, 1);
    await drainInlineJobs();
    let [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 503, lastError: "HTTP 503" });
    expect(d!.responseExcerpt).toHaveLength(1024); // at most 1 KB of the 5 KB answer read
    const firstRetry = d!.nextAttemptAt.getTime() - d!.lastAttemptAt!.getTime();
    expect(firstRetry).toBeGreaterThanOrEqual(24_000);
    expect(firstRetry).toBeLessThanOrEqual(36_000);

    // Not due yet: the sweeper leaves it alone.
    await sweepWebhookDeliveries();
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);

    for (let step = 1; step <= 3; step++) {
      setClockOffset(clockOffsetMs() + 10 * 60_000);
      await sweepWebhookDeliveries();
      await drainInlineJobs();
      expect(rx.got).toHaveLength(step + 1);
    }
    [d] = await deliveriesOf(endpoint.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 4, lastStatusCode: 200, lastError: null });
    const ids = rx.got.map((r) => verify(secret, r).id);
    expect(new Set(ids).size).toBe(1); // the same event (same webhook-id) each time: receivers dedupe on it
    setClockOffset(clockOffsetMs() + 24 * 60 * 60_000);
    await sweepWebhookDeliveries();
    await drainInlineJobs();
    expect(rx.got).toHaveLength(4);
  });

  it("times out a receiver that hangs, and gives up (dead) after the last attempt", async () => {
    const orgId = await makeOrg("Hang Co");
    const rx = await receiver(() => "hang");
    const { endpoint } = await createWebhookEndpoint({ orgId, actor, url: rx.url, eventTypes: ["*"] });
    queue.down = true;
    const deliveryId = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    const started = Date.now();
    const out = await deliverWebhook(deliveryId, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out).toMatchObject({ status: "failed", error: "timed out after 300 ms", code: null });
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]!.headers["webhook-id"]).toBe((await deliveriesOf(endpoint.id))[0]!.eventId);

    // The last attempt makes it dead; the backoff adds up to about 3 days.
    await db.update(webhookDeliveries).set({ attempts: MAX_WEBHOOK_ATTEMPTS - 1 }).where(eq(webhookDeliveries.id, deliveryId));
    setClockOffset(clockOffsetMs() + 24 * 60 * 60_000);
    expect(await deliverWebhook(deliveryId, { timeoutMs: 100 })).toMatchObject({ status: "dead" });
    let total = 0;
    for (let n = 1; n < MAX_WEBHOOK_ATTEMPTS; n++) total += webhookRetryDelayMs(n, () => 0.5);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
  });

  it("an endpoint that failed everything for the whole retry window is disabled once, with a notice and an email; one success in the window keeps it on", async () => {
    const { notifications, domainEvents } = await import("@/db/schema");
    const failing = await receiver(() => 500);
    const orgId = await makeOrg("Broken Receiver Co");
    const { endpoint } = await createWebhookEndpoint({ orgId, actor, url: failing.url, eventTypes: ["*"] });
    queue.down = true;
    const first = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    const second = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    for (const id of [first, second]) {
      await db.update(webhookDeliveries).set({ attempts: MAX_WEBHOOK_ATTEMPTS - 1 }).where(eq(webhookDeliveries.id, id));
    }
    setClockOffset(clockOffsetMs() + 24 * 60 * 60_000);
    expect(await deliverWebhook(first)).toMatchObject({ status: "dead", code: 500 });
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.enabled).toBe(false);
    // The second dead delivery (already disabled) announces nothing more.
    expect(await deliverWebhook(second)).toMatchObject({ status: "dead" });
    queue.down = false;
    await drainInlineJobs();
    const events = await db.select().from(domainEvents).where(and(eq(domainEvents.orgId, orgId), eq(domainEvents.type, "webhook_endpoint.disabled")));
    expect(events.map((e) => e.payload)).toEqual([{ endpoint_id: endpoint.id, url: failing.url, failing_since: expect.any(String), reason: "failing" }]);
    // Recorded while the queue was down: dispatched now (the outbox sweeper would do the same).
    await dispatchEvent(events[0]!.id);
    await drainInlineJobs();
    const notes = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "webhook_endpoint_disabled")));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(failing.url);

    // An endpoint that answered once within the window is flaky, not broken: it stays enabled.
    const flaky = await receiver((n) => (n === 0 ? 200 : 500));
    const orgB = await makeOrg("Flaky Receiver Co");
    const { endpoint: ep2 } = await createWebhookEndpoint({ orgId: orgB, actor, url: flaky.url, eventTypes: ["*"] });
    queue.down = true;
    const okId = await sendTestWebhook({ orgId: orgB, actor, endpointId: ep2.id });
    expect(await deliverWebhook(okId)).toMatchObject({ status: "succeeded" });
    const badId = await sendTestWebhook({ orgId: orgB, actor, endpointId: ep2.id });
    await db.update(webhookDeliveries).set({ attempts: MAX_WEBHOOK_ATTEMPTS - 1, createdAt: new Date(Date.now() + clockOffsetMs() - 60_000) }).where(eq(webhookDeliveries.id, badId));
    setClockOffset(clockOffsetMs() + 24 * 60 * 60_000);
    expect(await deliverWebhook(badId)).toMatchObject({ status: "dead" });
    expect((await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep2.id)))[0]!.enabled).toBe(true);
  });

  it("never follows a redirect", async () => {
    const orgId = await makeOrg("Redirect Co");
    const target = await receiver(() => 200);
    const server = createServer((_req, res) => {
      res.writeHead(307, { location: target.url });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    servers.push(server);
    const { endpoint } = await createWebhookEndpoint({ orgId, actor, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, eventTypes: ["*"] });
    queue.down = true;
    const id = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    expect(await deliverWebhook(id)).toMatchObject({ status: "failed", code: 307 });
    expect(target.got).toHaveLength(0);
  });

  it("signs with both secrets during a rotation's 24 h overlap, then with the new one only", async () => {
    const orgId = await makeOrg("Rotate Co");
    const rx = await receiver(() => 200);
    const { endpoint, secret: oldSecret } = await createWebhookEndpoint({ orgId, actor, url: rx.url, eventTypes: ["*"] });
    const { secret: newSecret, endpoint: rotated } = await rotateWebhookSecret({ orgId, actor, endpointId: endpoint.id });
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.rotationEndsAt).toBeInstanceOf(Date);
    queue.down = true;
    const first = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    expect(await deliverWebhook(first)).toMatchObject({ status: "succeeded" });
    const sig = String(rx.got[0]!.headers["webhook-signature"]);
    expect(sig.split(" ")).toHaveLength(2);
    expect(sig.split(" ").every((s) => s.startsWith("v1,"))).toBe(true);
    expect(verify(oldSecret, rx.got[0]!).type).toBe("webhook.test");
    expect(verify(newSecret, rx.got[0]!).type).toBe("webhook.test");

    setClockOffset(clockOffsetMs() + 25 * 60 * 60_000);
    const second = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    expect(await deliverWebhook(second)).toMatchObject({ status: "succeeded" });
    expect(String(rx.got[1]!.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(verify(newSecret, rx.got[1]!).type).toBe("webhook.test");
    expect(() => verify(oldSecret, rx.got[1]!)).toThrow();
  });

  it("re-queues a delivery whose kick was lost or whose sender died mid-attempt", async () => {
    const orgId = await makeOrg("Sweep Co");
    const rx = await receiver(() => 200);
    const { endpoint } = await createWebhookEndpoint({ orgId, actor, url: rx.url, eventTypes: ["*"] });
    queue.down = true;
    const lost = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    const died = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    await db.update(webhookDeliveries).set({ status: "sending", attempts: 1, sendStartedAt: new Date(Date.now() + clockOffsetMs()) }).where(eq(webhookDeliveries.id, died));
    queue.down = false;
    setClockOffset(clockOffsetMs() + 6 * 60_000);
    expect(await sweepWebhookDeliveries()).toMatchObject({ unstuck: 1 });
    await drainInlineJobs();
    setClockOffset(clockOffsetMs() + 10 * 60_000);
    await sweepWebhookDeliveries();
    await drainInlineJobs();
    const rows = await deliveriesOf(endpoint.id);
    expect(rows.find((r) => r.id === lost)).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(rows.find((r) => r.id === died)).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(rx.got).toHaveLength(2);
  });

  it("lists failing, dead and stuck deliveries for /admin/health, with their endpoint; succeeded ones are not listed", async () => {
    const { getDeliveryHealth } = await import("@/lib/events/get-delivery-health");
    const before = (await getDeliveryHealth()).webhooks;
    const orgId = await makeOrg("Health Co");
    const down = await receiver(() => 503);
    const up = await receiver(() => 200);
    const { endpoint } = await createWebhookEndpoint({ orgId, actor, url: down.url, eventTypes: ["*"] });
    const { endpoint: fine } = await createWebhookEndpoint({ orgId, actor, url: up.url, eventTypes: ["*"] });
    queue.down = true;
    const failing = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    expect(await deliverWebhook(failing)).toMatchObject({ status: "failed", code: 503 });
    const dead = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    await db.update(webhookDeliveries).set({ attempts: MAX_WEBHOOK_ATTEMPTS - 1 }).where(eq(webhookDeliveries.id, dead));
    expect(await deliverWebhook(dead)).toMatchObject({ status: "dead" });
    const stuck = await sendTestWebhook({ orgId, actor, endpointId: endpoint.id });
    await db.update(webhookDeliveries).set({ status: "sending", attempts: 1, sendStartedAt: new Date(Date.now() + clockOffsetMs() - 6 * 60_000) }).where(eq(webhookDeliveries.id, stuck));
    const ok = await sendTestWebhook({ orgId, actor, endpointId: fine.id });
    expect(await deliverWebhook(ok)).toMatchObject({ status: "succeeded" });

    const after = (await getDeliveryHealth()).webhooks;
    expect({ failing: after.failing - before.failing, dead: after.dead - before.dead, stuck: after.stuck - before.stuck }).toEqual({ failing: 1, dead: 1, stuck: 1 });
    const mine = after.recent.filter((r) => r.orgId === orgId);
    expect(mine.map((r) => r.id).sort()).toEqual([dead, failing].sort());
    expect(mine.find((r) => r.id === failing)).toMatchObject({ url: down.url, endpointId: endpoint.id, status: "failed", attempts: 1, lastStatusCode: 503, lastError: "HTTP 503", eventType: "webhook.test" });
    expect(mine.find((r) => r.id === dead)).toMatchObject({ status: "dead", attempts: MAX_WEBHOOK_ATTEMPTS });
  });
});
