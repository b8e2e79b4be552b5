import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { domainEvents, emailDeliveries, notifications, organizations } from "@/db/schema";
import { clockOffsetMs, setClockOffset } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { startJobs, stopJobs } from "@/lib/jobs/boss";
import { OUTBOX_SWEEPER_JOB } from "@/lib/jobs/domain-event-job";
import { runScheduledJobs } from "@/lib/jobs/run-scheduled";
import "@/lib/jobs/register-jobs";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { ackedLines as acked, startCrashChild } from "@/tests/crash-helpers";
import { startSmtpSink } from "@/tests/smtp-sink";

/**
 * Crash safety of the outbox (issue 16 §1): a child process running the app as in production (pg-boss
 * workers dispatching domain events and sending their emails through a real SMTP server) records a stream
 * of changes and is SIGKILLed while some committed events are not dispatched yet and others are mid-fan-out.
 * The "restart" is what production runs: pg-boss starts again and the outbox sweeper re-queues what was
 * left. Every committed event is then dispatched, with exactly one notification and one email row each.
 */
const SMTP_PORT = 3335;
const MIN_ACKS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventsOf(orgId: string) {
  return db.select().from(domainEvents).where(eq(domainEvents.orgId, orgId));
}
const countBy = (rows: { status: string }[]) => rows.reduce<Record<string, number>>((a, r) => ((a[r.status] = (a[r.status] ?? 0) + 1), a), {});

describe("crash safety of the domain-event outbox", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "a server SIGKILLed between commits and fan-out loses no event and notifies each exactly once after restart (Postgres only)",
    { timeout: 240_000 },
    async () => {
      const sink = await startSmtpSink(SMTP_PORT);
      process.env.SMTP_URL = sink.url;
      resetEnvForTests();
      const orgId = await makeOrg("Crash outbox");
      const email = "crash-outbox@example.com";
      await db.update(organizations).set({ billingEmail: email }).where(eq(organizations.id, orgId));
      const dir = mkdtempSync(path.join(os.tmpdir(), "crash-outbox-"));
      const ackFile = path.join(dir, "acks.txt");
      const run = startCrashChild(path.join(__dirname, "crash-outbox-child.ts"), { ACK_FILE: ackFile, ORG_ID: orgId, JOBS_ENABLED: "1", SMTP_URL: sink.url });
      const offset = clockOffsetMs();
      try {
        // 1. Kill once enough changes were committed, some fanned out, others waiting or mid-dispatch.
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline && run.child.exitCode === null) {
          if (acked(ackFile).length >= MIN_ACKS) {
            const c = countBy(await eventsOf(orgId));
            if ((c.dispatched ?? 0) > 0 && (c.pending ?? 0) + (c.dispatching ?? 0) > 0) break;
          }
          await sleep(50);
        }
        await run.kill();
        expect(run.stderr()).toBe("");
        const ackKeys = acked(ackFile);
        const atKill = await eventsOf(orgId);
        const killCounts = countBy(atKill);
        expect(ackKeys.length).toBeGreaterThanOrEqual(MIN_ACKS);
        expect(killCounts.dispatched ?? 0).toBeGreaterThan(0);
        expect((killCounts.pending ?? 0) + (killCounts.dispatching ?? 0)).toBeGreaterThan(0);
        // Every acknowledged (committed) change has its event: none was lost with the process.
        const stored = new Set(atKill.map((e) => e.dedupeKey));
        expect(ackKeys.filter((k) => !stored.has(k))).toEqual([]);
        const sendingAtKill = (await db.select().from(emailDeliveries).where(eq(emailDeliveries.orgId, orgId))).filter((e) => e.status === "sending").length;

        // 2. Restart 11 minutes later (past the sweeper's thresholds): pg-boss starts, the sweeper runs on schedule.
        setClockOffset(offset + 11 * 60_000);
        await startJobs({ pollingIntervalSeconds: 0.5 });
        const settleBy = Date.now() + 90_000;
        for (;;) {
          const { failed } = await runScheduledJobs([OUTBOX_SWEEPER_JOB]);
          expect(failed).toEqual([]);
          const events = await eventsOf(orgId);
          const mails = await db.select().from(emailDeliveries).where(eq(emailDeliveries.orgId, orgId));
          const done = events.every((e) => e.status === "dispatched") && mails.length === events.length && mails.every((m) => m.status === "sent");
          if (done || Date.now() > settleBy) break;
          await sleep(1_000);
        }

        // 3. Each committed event: dispatched, one notification, one email row (sent), and the email arrived.
        const events = await eventsOf(orgId);
        expect(events).toHaveLength(atKill.length);
        expect(countBy(events)).toEqual({ dispatched: events.length });
        const notes = await db.select().from(notifications).where(eq(notifications.orgId, orgId));
        expect(notes.map((n) => n.dedupeKey).sort()).toEqual(events.map((e) => e.dedupeKey).sort());
        const mails = await db.select().from(emailDeliveries).where(eq(emailDeliveries.orgId, orgId));
        expect(mails.map((m) => m.dedupeKey).sort()).toEqual(events.map((e) => `notice:${e.dedupeKey}`).sort());
        expect(countBy(mails)).toEqual({ sent: events.length });
        const subjects = sink.to(email).map((m) => m.subject);
        expect(new Set(subjects)).toEqual(new Set(notes.map((n) => n.title)));
        // SMTP is at least once: only an email the dead process was handing to SMTP at the kill may arrive twice.
        expect(subjects.length - new Set(subjects).size).toBeLessThanOrEqual(sendingAtKill);
        if (process.env.CRASH_OUTBOX_REPORT) console.info(JSON.stringify({ acks: ackKeys.length, events: events.length, atKill: killCounts, sendingAtKill, emails: subjects.length }));
      } finally {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
        await stopJobs();
        setClockOffset(offset);
        delete process.env.SMTP_URL;
        resetEnvForTests();
        await sink.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
