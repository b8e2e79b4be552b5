/**
 * Child process for the outbox crash test: the app as production runs it (database, then pg-boss and its
 * workers — domain-event and email-send — as lib/startup-hooks.ts starts them with JOBS_ENABLED), with a
 * stream of state changes, each recorded with record() in its own transaction (a credit grant with a
 * notice that is also emailed). An event's key is appended to ACK_FILE only after its transaction
 * committed. A subscriber that takes SLOW_SUBSCRIBER_MS per event keeps fan-outs in flight, so the
 * parent's SIGKILL lands with events committed but not dispatched, and some mid-dispatch.
 */
import { appendFileSync } from "node:fs";

const SLOW_SUBSCRIBER_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const ackFile = process.env.ACK_FILE!;
  const orgId = process.env.ORG_ID!;
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
  await startBackgroundJobs();
  const { getRunningBoss } = await import("@/lib/jobs/boss");
  if (!getRunningBoss()) throw new Error("pg-boss did not start: events would be dispatched inline, not as in production");
  const { registerSubscriber } = await import("@/lib/events/subscribers");
  registerSubscriber({ name: "slow-test-subscriber", types: "*", handle: async () => {
      await sleep(SLOW_SUBSCRIBER_MS);
    },
  });
  const { db } = await import("@/db");
  const { record } = await import("@/lib/events/record");
  for (let n = 1; ; n++) {
    const key = `crash-outbox:${orgId}:${n}`;
    await db.transaction((tx) =>
      record(tx, {
        actor: { type: "system", id: null },
        orgId,
        action: "credits.granted",
        target: `grant_${n}`,
        event: { type: "credits.granted", data: { grant_id: `grant_${n}`, amount: n, source: "promotional", balance: n, expires_at: null, reason: null } },
        key,
        notice: { kind: "credits_granted", title: `Crash credits ${n}`, body: `Grant ${n}.`, email: true },
      }),
    );
    appendFileSync(ackFile, key + "\n");
    await sleep(20);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
