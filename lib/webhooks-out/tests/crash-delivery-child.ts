/**
 * Child process for the outbound-webhook crash test: the app as production runs it (database, then
 * pg-boss and its workers — domain-event and webhook-delivery — as lib/startup-hooks.ts starts them with
 * JOBS_ENABLED). It records EVENTS domain events, each in its own transaction, for an organisation whose
 * webhook endpoint (created by the parent) points at the parent's receiver, which does not answer: the
 * delivery attempts stay in flight until the parent SIGKILLs this process. An event's id is appended to
 * ACK_FILE only after its transaction committed.
 */
import { appendFileSync } from "node:fs";

async function main() {
  const ackFile = process.env.ACK_FILE!;
  const orgId = process.env.ORG_ID!;
  const count = Number(process.env.EVENTS ?? "3");
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
  await startBackgroundJobs();
  const { getRunningBoss } = await import("@/lib/jobs/boss");
  if (!getRunningBoss()) throw new Error("pg-boss did not start: deliveries would run inline, not as in production");
  const { db } = await import("@/db");
  const { record } = await import("@/lib/events/record");
  for (let n = 1; n <= count; n++) {
    const key = `crash-webhook:${orgId}:${n}`;
    await db.transaction((tx) =>
      record(tx, {
        actor: { type: "system", id: null },
        orgId,
        action: "credits.granted",
        target: `grant_${n}`,
        event: { type: "credits.granted", data: { grant_id: `grant_${n}`, amount: n, source: "promotional", balance: n, expires_at: null, reason: null } },
        key,
      }),
    );
    appendFileSync(ackFile, key + "\n");
  }
  // Stay up (the workers keep their attempts in flight) until killed.
  await new Promise(() => undefined);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
