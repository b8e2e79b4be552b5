import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { domainEvents, webhookDeliveries } from "@/db/schema";
import { clockOffsetMs, setClockOffset } from "@/lib/clock";
import { startJobs, stopJobs } from "@/lib/jobs/boss";
import { OUTBOX_SWEEPER_JOB } from "@/lib/jobs/domain-event-job";
import { runScheduledJobs } from "@/lib/jobs/run-scheduled";
import "@/lib/jobs/register-jobs";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { createWebhookEndpoint } from "@/lib/webhooks-out/endpoints";
import { ackedLines as acked, startCrashChild } from "@/tests/crash-helpers";

/**
 * Crash safety of outbound webhooks (issue 16): a child process running the app as in production (pg-boss
 * workers dispatching domain events and delivering webhooks) records events whose deliveries go to a
 * receiver here that does not answer, and is SIGKILLed while those attempts are in flight — their
 * delivery rows left `sending`, their pg-boss jobs `active`. The "restart" is what production runs:
 * pg-boss starts again and the outbox sweeper (every minute) finds the stuck attempts. Every event then
 * arrives, signed so the `standardwebhooks` verifier accepts it, and its delivery ends `succeeded`.
 */
const EVENTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Request = { headers: IncomingHttpHeaders; body: string; answered: boolean };

describe("crash safety of outbound webhook deliveries", () => {
  it.skipIf(!process.env.DATABASE_URL)(
    "a server SIGKILLed mid-delivery delivers every event after restart, and each delivery ends succeeded (Postgres only)",
    { timeout: 180_000 },
    async () => {
      // The receiver: holds every request open (the attempt in flight) until `answering`, then 204.
      let answering = false;
      const got: Request[] = [];
      const held: ServerResponse[] = [];
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: answering });
          if (!answering) return void held.push(res);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

      const orgId = await makeOrg("Crash webhooks");
      const { endpoint, secret } = await createWebhookEndpoint({ orgId, actor: { type: "system", id: null }, url, eventTypes: ["credits.granted"] });
      const deliveries = () => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      const dir = mkdtempSync(path.join(os.tmpdir(), "crash-webhooks-"));
      const ackFile = path.join(dir, "acks.txt");
      const run = startCrashChild(path.join(__dirname, "crash-delivery-child.ts"), { ACK_FILE: ackFile, ORG_ID: orgId, JOBS_ENABLED: "1", EVENTS: String(EVENTS) });
      const offset = clockOffsetMs();
      try {
        // 1. Kill while attempts are in flight: the receiver holds requests, their rows are `sending`.
        // (Well inside the 10 s delivery timeout, after which the child would record them failed itself.)
        const deadline = Date.now() + 90_000;
        while (Date.now() < deadline && run.child.exitCode === null) {
          if (acked(ackFile).length === EVENTS && got.length >= 1 && (await deliveries()).some((d) => d.status === "sending")) break;
          await sleep(25);
        }
        await run.kill();
        expect(run.stderr()).toBe("");
        const atKill = await deliveries();
        const sendingAtKill = atKill.filter((d) => d.status === "sending");
        expect(got.length).toBeGreaterThanOrEqual(1);
        expect(sendingAtKill.length).toBeGreaterThanOrEqual(1);
        const events = (await db.select({ id: domainEvents.id, key: domainEvents.dedupeKey }).from(domainEvents).where(eq(domainEvents.orgId, orgId))).filter((e) => e.key?.startsWith("crash-webhook:"));
        expect(events.map((e) => e.key).sort()).toEqual(acked(ackFile).sort());

        // 2. Restart 11 minutes later (past the sweeper's stuck threshold): pg-boss starts, the sweeper runs on schedule.
        answering = true;
        for (const res of held) res.destroy();
        setClockOffset(offset + 11 * 60_000);
        await startJobs({ pollingIntervalSeconds: 0.5 });
        const settleBy = Date.now() + 60_000;
        for (;;) {
          const { failed } = await runScheduledJobs([OUTBOX_SWEEPER_JOB]);
          expect(failed).toEqual([]);
          const rows = await deliveries();
          if ((rows.length === EVENTS && rows.every((d) => d.status === "succeeded")) || Date.now() > settleBy) break;
          await sleep(1_000);
        }

        // 3. One delivery per event, succeeded; the killed attempt counted; each event answered 2xx exactly once, verified.
        const rows = await deliveries();
        expect(rows.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
        expect(rows.map((d) => d.status)).toEqual(Array(EVENTS).fill("succeeded"));
        for (const d of sendingAtKill) expect(rows.find((r) => r.id === d.id)!.attempts).toBe(d.attempts + 1);
        const ok = got.filter((r) => r.answered);
        const verified = ok.map(
          (r) =>
            new Webhook(secret).verify(r.body, {
              "webhook-id": String(r.headers["webhook-id"]),
              "webhook-timestamp": String(r.headers["webhook-timestamp"]),
              "webhook-signature": String(r.headers["webhook-signature"]),
            }) as { id: string; type: string },
        );
        expect(verified.map((m) => m.id).sort()).toEqual(events.map((e) => e.id).sort());
        expect(ok.map((r) => r.headers["webhook-id"]).sort()).toEqual(events.map((e) => e.id).sort());
        expect(verified.every((m) => m.type === "credits.granted")).toBe(true);
      } finally {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
        await stopJobs();
        setClockOffset(offset);
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
