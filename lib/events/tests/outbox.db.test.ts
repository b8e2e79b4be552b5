import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, domainEvents, emailDeliveries, notifications, organizations } from "@/db/schema";
import { clockOffsetMs, now, setClockOffset } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { dispatchEvent, redispatchEvent, sweepDomainEvents } from "@/lib/events/dispatch";
import { record } from "@/lib/events/record";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { deliverEmail, sweepEmails } from "@/lib/notifications/email-deliveries";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { startSmtpSink } from "@/tests/smtp-sink";

/**
 * The transactional outbox (issue 16 §1): record() writes the audit row and the domain event with the
 * change; the fan-out (in-app notification + retried email) runs after the commit, at least once, and
 * its effects happen exactly once; the sweeper delivers what a lost kick or a dead dispatcher left.
 */

// "The queue is down": every enqueue fails while `queue.down` (the kick after record() is then lost).
const queue = vi.hoisted(() => ({ down: false }));
vi.mock("@/lib/jobs/enqueue", async (orig) => {
  const actual = await orig<typeof import("@/lib/jobs/enqueue")>();
  return {
    ...actual,
    enqueue: (...args: Parameters<typeof actual.enqueue>) => (queue.down ? Promise.reject(new Error("queue down")) : actual.enqueue(...args)),
  };
});

const SMTP_PORT = 3334;
const actor = { type: "user" as const, id: "user_outbox" };
const offset = clockOffsetMs();
let sink: Awaited<ReturnType<typeof startSmtpSink>> | null = null;

beforeAll(() => {
  process.env.SMTP_URL = `smtp://127.0.0.1:${SMTP_PORT}`;
  resetEnvForTests();
});
afterEach(() => {
  queue.down = false;
  setClockOffset(offset);
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await sink?.close();
});

async function orgWithEmail(email: string) {
  const orgId = await makeOrg("Outbox Co");
  await db.update(organizations).set({ billingEmail: email }).where(eq(organizations.id, orgId));
  return orgId;
}

const granted = (orgId: string, n: number) =>
  ({
    actor,
    orgId,
    action: "credits.granted",
    target: `grant_${n}`,
    after: { amount: 100 * n },
    event: { type: "credits.granted", data: { grant_id: `grant_${n}`, amount: 100 * n, source: "promotional", balance: 100 * n, expires_at: null, reason: null } },
    key: `test-grant:${orgId}:${n}`,
    notice: { kind: "credits_granted", title: `Credits ${n}`, body: `You got ${100 * n} credits.`, email: true },
  }) as const;

const eventsOf = (orgId: string) => db.select().from(domainEvents).where(eq(domainEvents.orgId, orgId));
const notesOf = (orgId: string) => db.select().from(notifications).where(eq(notifications.orgId, orgId));
const emailsOf = (orgId: string) => db.select().from(emailDeliveries).where(eq(emailDeliveries.orgId, orgId));

describe("record()", () => {
  it("writes the audit row and the domain event in the caller's transaction: a rollback leaves neither", async () => {
    const orgId = await orgWithEmail("rollback@example.com");
    await expect(
      db.transaction(async (tx) => {
        expect(await record(tx, granted(orgId, 1))).toBe(true);
        throw new Error("the change failed after recording");
      }),
    ).rejects.toThrow("the change failed");
    await drainInlineJobs();
    expect(await eventsOf(orgId)).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).toEqual([]);
    expect(await notesOf(orgId)).toEqual([]);

    await db.transaction((tx) => record(tx, granted(orgId, 2)));
    await drainInlineJobs();
    const [event] = await eventsOf(orgId);
    expect(event).toMatchObject({ type: "credits.granted", version: 1, status: "dispatched", attempts: 1, payload: { grant_id: "grant_2", amount: 200 } });
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audits).toMatchObject([{ action: "credits.granted", target: "grant_2", actorType: "user", actorId: "user_outbox" }]);
  });

  it("records a key once: a second record with the same key writes nothing", async () => {
    const orgId = await orgWithEmail("twice@example.com");
    expect(await record(db, granted(orgId, 1))).toBe(true);
    expect(await record(db, granted(orgId, 1))).toBe(false);
    await drainInlineJobs();
    expect(await eventsOf(orgId)).toHaveLength(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).toHaveLength(1);
  });

  it("refuses an event whose data does not match its public schema", async () => {
    const orgId = await makeOrg();
    const bad = { ...granted(orgId, 1), event: { type: "credits.granted", data: { grant_id: "g", amount: "lots" } } };
    await expect(record(db, bad as never)).rejects.toThrow();
    expect(await eventsOf(orgId)).toEqual([]);
  });

  it("writes an audit-only change without an event", async () => {
    const orgId = await makeOrg();
    expect(await record(db, { actor, orgId, action: "organization.renamed", target: orgId, after: { name: "x" } })).toBe(true);
    expect(await eventsOf(orgId)).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).toMatchObject([{ action: "organization.renamed" }]);
  });
});

describe("the fan-out", () => {
  it("delivers a notification and its email once even when the event is dispatched twice", async () => {
    sink ??= await startSmtpSink(SMTP_PORT);
    const orgId = await orgWithEmail("once@example.com");
    await record(db, granted(orgId, 1));
    await drainInlineJobs();
    const [event] = await eventsOf(orgId);
    expect(event!.status).toBe("dispatched");
    // Dispatched again (a retried job, an admin replay): the subscribers run again, their effects do not.
    expect(await redispatchEvent(event!.id)).toMatchObject({ status: "dispatched" });
    expect(await dispatchEvent(event!.id)).toEqual({ status: "skipped", reason: "already_dispatched" });
    await drainInlineJobs();
    expect(await notesOf(orgId)).toMatchObject([{ kind: "credits_granted", title: "Credits 1", dedupeKey: `test-grant:${orgId}:1` }]);
    expect(await emailsOf(orgId)).toMatchObject([{ status: "sent", attempts: 1 }]);
    expect(sink.to("once@example.com").map((m) => m.subject)).toEqual(["Credits 1"]);
    const [again] = await eventsOf(orgId);
    expect(again).toMatchObject({ status: "dispatched", attempts: 2 });
  });

  it("retries an email whose SMTP send failed, with backoff, until it arrives", async () => {
    await sink?.close();
    sink = null; // SMTP is down
    const orgId = await orgWithEmail("retry@example.com");
    await record(db, granted(orgId, 1));
    await drainInlineJobs();
    // The notification is there; its email failed once and waits for a retry — not dropped.
    expect(await notesOf(orgId)).toHaveLength(1);
    const [failed] = await emailsOf(orgId);
    expect(failed).toMatchObject({ status: "retry", attempts: 1, to: "retry@example.com" });
    expect(failed!.lastError).toBeTruthy();
    expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(failed!.createdAt.getTime());

    // Not due yet: the sweeper leaves it alone.
    await sweepEmails();
    await drainInlineJobs();
    expect(await emailsOf(orgId)).toMatchObject([{ status: "retry", attempts: 1 }]);
    // SMTP is back and the backoff has passed: the sweeper hands it to the email job, it arrives once.
    sink = await startSmtpSink(SMTP_PORT);
    setClockOffset(offset + 31_000);
    expect((await sweepEmails()).requeued).toBeGreaterThanOrEqual(1);
    await drainInlineJobs();
    expect(await emailsOf(orgId)).toMatchObject([{ status: "sent", attempts: 2, lastError: null }]);
    expect(sink.to("retry@example.com").map((m) => m.text.trim())).toEqual(["You got 100 credits."]);
    expect(await deliverEmail(failed!.id)).toEqual({ status: "skipped", reason: "done" });
    await sweepEmails();
    await drainInlineJobs();
    expect(sink.to("retry@example.com")).toHaveLength(1);
  });

  it("marks an email dead after its last attempt (shown on the admin health page)", async () => {
    await sink?.close();
    sink = null;
    const orgId = await orgWithEmail("dead@example.com");
    await record(db, granted(orgId, 1));
    await drainInlineJobs();
    const [row] = await emailsOf(orgId);
    await db.update(emailDeliveries).set({ attempts: 8 }).where(eq(emailDeliveries.id, row!.id));
    setClockOffset(offset + 2 * 3_600_000);
    await sweepEmails();
    await drainInlineJobs();
    expect(await emailsOf(orgId)).toMatchObject([{ status: "dead", attempts: 9 }]);
    const { getEmailHealth } = await import("@/lib/notifications/email-deliveries");
    const health = await getEmailHealth();
    expect(health.dead).toBeGreaterThanOrEqual(1);
    expect(health.recent.map((r) => r.id)).toContain(row!.id);
  });
});

describe("converted call sites", () => {
  it("API key creation and revocation are domain events carrying the public payload (never the secret)", async () => {
    const { createApiKey } = await import("@/lib/auth/create-api-key");
    const { revokeApiKey } = await import("@/lib/auth/revoke-api-key");
    const orgId = await makeOrg();
    const key = await createApiKey({ orgId, name: "ci", actor, scopes: ["usage:read"] });
    await revokeApiKey({ orgId, keyId: key.id, actor });
    await drainInlineJobs();
    const events = await db.select().from(domainEvents).where(eq(domainEvents.orgId, orgId));
    expect(events.map((e) => [e.type, e.version, e.status, e.payload]).sort()).toEqual([
      ["api_key.created", 1, "dispatched", { api_key_id: key.id, name: "ci", prefix: key.prefix, scopes: ["usage:read"] }],
      ["api_key.revoked", 1, "dispatched", { api_key_id: key.id, name: "ci", prefix: key.prefix }],
    ]);
    expect(JSON.stringify(events)).not.toContain(key.key);
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audits.map((a) => a.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
  });
});

describe("the sweeper", () => {
  it("dispatches events committed while the queue was down, and events whose dispatcher died, each exactly once", async () => {
    sink ??= await startSmtpSink(SMTP_PORT);
    const orgId = await orgWithEmail("sweep@example.com");
    queue.down = true;
    for (let n = 1; n <= 5; n++) await db.transaction((tx) => record(tx, granted(orgId, n)));
    await drainInlineJobs();
    const stuck = await eventsOf(orgId);
    expect(stuck.map((e) => e.status)).toEqual(Array(5).fill("pending"));
    expect(await notesOf(orgId)).toEqual([]);
    // Two of them were claimed by a dispatcher that was then killed (the state a SIGKILL leaves).
    const crashed = stuck.slice(0, 2).map((e) => e.id);
    await db.update(domainEvents).set({ status: "dispatching", attempts: 1, dispatchStartedAt: now() }).where(inArray(domainEvents.id, crashed));
    queue.down = false;

    // Too early: pending events wait a minute, claimed ones ten (their dispatcher may still be alive).
    expect(await sweepDomainEvents()).toEqual({ requeued: 0, unstuck: 0 });
    setClockOffset(offset + 2 * 60_000);
    expect(await sweepDomainEvents()).toEqual({ requeued: 3, unstuck: 0 });
    await drainInlineJobs();
    setClockOffset(offset + 11 * 60_000);
    expect(await sweepDomainEvents()).toEqual({ requeued: 2, unstuck: 2 });
    await drainInlineJobs();
    expect(await sweepDomainEvents()).toEqual({ requeued: 0, unstuck: 0 });
    await sweepEmails();
    await drainInlineJobs();

    const after = await eventsOf(orgId);
    expect(after.map((e) => e.status)).toEqual(Array(5).fill("dispatched"));
    const notes = await notesOf(orgId);
    expect(notes.map((n) => n.title).sort()).toEqual(["Credits 1", "Credits 2", "Credits 3", "Credits 4", "Credits 5"]);
    expect((await emailsOf(orgId)).map((e) => e.status)).toEqual(Array(5).fill("sent"));
    expect(sink.to("sweep@example.com").map((m) => m.subject).sort()).toEqual(["Credits 1", "Credits 2", "Credits 3", "Credits 4", "Credits 5"]);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "credits.granted")));
    expect(audits).toHaveLength(5);
  });
});
