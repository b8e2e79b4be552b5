import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ackedLines as acked, startCrashChild } from "@/tests/crash-helpers";
import { POST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { auditLog, creditGrants, stripeEvents, type StripeEventRow } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { clockOffsetMs, setClockOffset } from "@/lib/clock";
import { verifyLedger } from "@/lib/credits/verify-ledger";
import { startJobs, stopJobs } from "@/lib/jobs/boss";
import { runScheduledJobs } from "@/lib/jobs/run-scheduled";
import { STRIPE_EVENT_SWEEPER_JOB } from "@/lib/jobs/stripe-event-job";
import "@/lib/jobs/register-jobs";
import { signPayload } from "@billing-kit/stripe-sandbox";
import { sandbox } from "@/tests/sandbox";
import { makeOrg } from "@/lib/usage/tests/helpers";

/**
 * Crash safety of the Stripe webhook pipeline. Real sandbox purchases (credit packs paid by card through
 * the hosted Checkout) produce the events Stripe would send; a child process running the app as in
 * production (route handler + pg-boss workers) receives them, duplicates included, and is SIGKILLed
 * while events are stored but not yet processed. The "restart" is what production runs: pg-boss starts
 * again and the sweeper (on its schedule, once its thresholds have passed) re-queues what was left.
 */
const ORGS = 6;
const PACKS_PER_ORG = 5;
const MIN_ACKS = 400;
const actor = { type: "user" as const, id: "user_crash_webhook" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Snapshot = Pick<StripeEventRow, "id" | "status" | "attempts" | "processedAt" | "lastError">;
async function snapshot(): Promise<Map<string, Snapshot>> {
  const rows = await db
    .select({ id: stripeEvents.id, status: stripeEvents.status, attempts: stripeEvents.attempts, processedAt: stripeEvents.processedAt, lastError: stripeEvents.lastError })
    .from(stripeEvents);
  return new Map(rows.map((r) => [r.id, r]));
}
const countBy = (rows: Iterable<Snapshot>) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
};

/** Deliver one event to the route handler as Stripe does (signed now); returns the status and `duplicate`. */
async function deliver(payload: string) {
  const headers = { "content-type": "application/json; charset=utf-8", "stripe-signature": signPayload(payload, (await sandbox()).testing.webhookSecret, Math.floor(Date.now() / 1000)) };
  const res = await POST(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload }), { params: Promise.resolve({}) });
  return { status: res.status, duplicate: ((await res.json()) as { duplicate?: boolean }).duplicate };
}

/**
 * Wait (bounded) until every stored event is processed. The sweeper runs as its schedule would: once the
 * queue has gone quiet (no event changed for 3 s), i.e. what is left has no live job.
 */
async function settle(deadlineMs: number) {
  let last = "";
  let quietSince = Date.now();
  for (;;) {
    const rows = [...(await snapshot()).values()];
    if (rows.every((r) => r.status === "processed") || Date.now() > deadlineMs) return rows;
    const progress = `${rows.filter((r) => r.status === "processed").length}/${rows.reduce((a, r) => a + r.attempts, 0)}`;
    if (progress !== last) {
      last = progress;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 3_000) {
      const { failed } = await runScheduledJobs([STRIPE_EVENT_SWEEPER_JOB]);
      expect(failed).toEqual([]);
      quietSince = Date.now();
    }
    await sleep(250);
  }
}

describe("crash safety of Stripe webhook processing", () => {
  // PGlite here is in-memory inside one process: a second process cannot open it, and a SIGKILLed child
  // takes its database with it. The claim is about a server sharing Postgres with its next incarnation.
  it.skipIf(!process.env.DATABASE_URL)(
    "a server SIGKILLed mid-processing loses no acknowledged event, applies none twice, and the ledger equals the balances (Postgres only)",
    { timeout: 300_000 },
    async () => {
      const started = Date.now();
      const marks: Record<string, number> = {};
      const mark = (k: string) => (marks[k] = Math.round((Date.now() - started) / 100) / 10);
      await syncCatalog();
      // 1. Real purchases in the sandbox: every org buys credit packs by card through the hosted Checkout.
      const sessions: { orgId: string; sessionId: string; credits: number }[] = [];
      for (let o = 0; o < ORGS; o++) {
        const orgId = await makeOrg(`Crash webhook ${o}`);
        for (let p = 0; p < PACKS_PER_ORG; p++) {
          const pack = catalog.creditPacks[(o + p) % catalog.creditPacks.length]!;
          const { id } = await createPaymentCheckout({ orgId, packKey: pack.key, actor });
          expect(await (await sandbox()).views.checkout.complete(id, { card: { number: "4242424242424242" } })).toMatchObject({ ok: true });
          sessions.push({ orgId, sessionId: id, credits: pack.credits });
        }
      }
      mark("setup");
      const orgIds = [...new Set(sessions.map((s) => s.orgId))];
      // 2. What Stripe now sends: the sandbox's outbox for this process. Each event is delivered 1–5
      // times (Stripe delivers at least once), all in random order.
      const outbox = await (await sandbox()).testing.outbox();
      expect(outbox.filter((e) => e.type === "checkout.session.completed")).toHaveLength(sessions.length);
      const payloads = new Map(outbox.map((e) => [e.id, JSON.stringify(e.data, null, 2)]));
      const deliveries = outbox.flatMap((e, i) => Array.from({ length: 1 + (i % 5) }, () => ({ id: e.id, payload: payloads.get(e.id)! })));
      deliveries.sort(() => Math.random() - 0.5);
      const dir = mkdtempSync(path.join(os.tmpdir(), "crash-webhook-"));
      const ackFile = path.join(dir, "acks.txt");
      const deliveriesFile = path.join(dir, "deliveries.json");
      writeFileSync(deliveriesFile, JSON.stringify(deliveries));

      // 3. The server: receives and processes until SIGKILLed mid-way.
      const run = startCrashChild(path.join(__dirname, "crash-webhook-child.ts"), { ACK_FILE: ackFile, DELIVERIES_FILE: deliveriesFile, JOBS_ENABLED: "1" });
      const { child } = run;
      const offset = clockOffsetMs();
      try {
        const deadline = Date.now() + 120_000;
        // Kill once enough deliveries were acknowledged, the workers have processed some events and are
        // in the middle of others.
        while (Date.now() < deadline && child.exitCode === null) {
          if (!marks.firstAck && acked(ackFile).length > 0) mark("firstAck");
          if (acked(ackFile).length >= MIN_ACKS) {
            const c = countBy((await snapshot()).values());
            if ((c.processed ?? 0) > 0 && (c.processing ?? 0) > 0 && (c.pending ?? 0) > 0) break;
          }
          await sleep(50);
        }
        mark("kill");
        await run.kill();
        expect(run.stderr()).toBe("");
        const ackIds = acked(ackFile);
        const ackSet = new Set(ackIds);
        const atKill = await snapshot();
        const killCounts = countBy(atKill.values());
        // The kill landed mid-way: some events were processed, others stored but not processed yet —
        // queued (`pending`) or mid-handler (`processing`).
        expect(ackIds.length).toBeGreaterThanOrEqual(MIN_ACKS);
        expect(killCounts.processed ?? 0).toBeGreaterThan(0);
        expect(killCounts.pending ?? 0).toBeGreaterThan(0);
        expect(killCounts.processing ?? 0).toBeGreaterThan(0);
        // Every acknowledged event is stored; nothing is stored that was not delivered.
        expect([...ackSet].filter((id) => !atKill.has(id))).toEqual([]);
        expect([...atKill.keys()].filter((id) => !payloads.has(id))).toEqual([]);

        // 4. Restart, 16 minutes later (past the sweeper's thresholds: pending 2 min, processing 15 min):
        // pg-boss starts again, the sweeper runs on its schedule.
        setClockOffset(offset + 16 * 60_000);
        await startJobs({ pollingIntervalSeconds: 0.5 });
        const after = new Map((await settle(Date.now() + 120_000)).map((r) => [r.id, r]));
        mark("restart");
        expect(after.size).toBe(atKill.size);
        for (const [id, before] of atKill) {
          const now = after.get(id)!;
          // Processed exactly once more if it was not processed at the kill; untouched if it was.
          expect({ id, status: now.status, lastError: now.lastError, attempts: now.attempts }).toEqual({ id, status: "processed", lastError: null, attempts: before.attempts + (before.status === "processed" ? 0 : 1) });
          if (before.status === "processed") expect(now.processedAt).toEqual(before.processedAt);
        }

        // 5. Each paid session whose completion is stored granted its credits exactly once; the ledger holds.
        const completedStored = new Set(
          outbox.filter((e) => e.type === "checkout.session.completed" && after.has(e.id)).map((e) => (e.data as { data: { object: { id: string } } }).data.object.id),
        );
        expect(completedStored.size).toBeGreaterThan(0);
        const checkGrants = async (paid: Set<string>) => {
          const grants = await db.select().from(creditGrants).where(inArray(creditGrants.orgId, orgIds));
          const expected = sessions.filter((s) => paid.has(s.sessionId));
          expect(grants.map((g) => g.idempotencyKey).sort()).toEqual(expected.map((s) => `pack:${s.sessionId}`).sort());
          for (const g of grants) expect(g).toMatchObject({ source: "purchased", amount: expected.find((s) => `pack:${s.sessionId}` === g.idempotencyKey)!.credits });
          const audits = await db.select().from(auditLog).where(and(inArray(auditLog.orgId, orgIds), eq(auditLog.action, "credits.granted")));
          expect(audits).toHaveLength(grants.length);
          for (const orgId of orgIds) {
            const credits = expected.filter((s) => s.orgId === orgId).reduce((a, s) => a + s.credits, 0);
            expect({ orgId, ...(await verifyLedger(orgId)) }).toMatchObject({ orgId, ok: true, balance: credits });
          }
          return grants.length;
        };
        await checkGrants(completedStored);

        // 6. Stripe delivers every acknowledged event again: all duplicates, nothing changes.
        const replies = [];
        for (const id of ackSet) replies.push({ id, ...(await deliver(payloads.get(id)!)) });
        expect(replies.filter((r) => r.status !== 200 || r.duplicate !== true)).toEqual([]);
        const again = await snapshot();
        for (const [id, row] of after) expect(again.get(id)).toEqual(row);
        await checkGrants(completedStored);

        mark("duplicates");
        // 7. Stripe retries what was never acknowledged: now every paid session is granted exactly once.
        for (const id of payloads.keys()) if (!ackSet.has(id)) expect((await deliver(payloads.get(id)!)).status).toBe(200);
        const final = await settle(Date.now() + 120_000);
        expect(final.filter((r) => r.status !== "processed")).toEqual([]);
        expect(final).toHaveLength(payloads.size);
        for (const row of final) if (after.has(row.id)) expect(row).toEqual(after.get(row.id));
        const granted = await checkGrants(new Set(sessions.map((s) => s.sessionId)));
        expect(granted).toBe(sessions.length);

        if (process.env.CRASH_WEBHOOK_REPORT) {
          console.info(
            JSON.stringify({ events: payloads.size, deliveries: deliveries.length, acks: ackIds.length, ackedEvents: ackSet.size, atKill: killCounts, storedAtKill: atKill.size, sessions: sessions.length, seconds: Math.round((Date.now() - started) / 1000), marks }),
          );
        }
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await stopJobs();
        setClockOffset(offset);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
