/**
 * Child process for the crash test: ingests usage as fast as it can (16 concurrent callers through
 * the group committer) and appends each acknowledged idempotency key to ACK_FILE — only after
 * recordUsageBatch resolved, i.e. after the rows were committed. The parent SIGKILLs it mid-way.
 */
import { appendFileSync } from "node:fs";

async function main() {
  const orgId = process.env.CRASH_ORG_ID!;
  const ackFile = process.env.ACK_FILE!;
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  const { recordUsageBatch } = await import("@/lib/usage/record-usage");
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const b = next++;
        const events = Array.from({ length: 20 }, (_, j) => ({ metric: "api_calls", quantity: 1, idempotencyKey: `crash_${b}_${j}` }));
        const res = await recordUsageBatch(orgId, events);
        appendFileSync(ackFile, res.events.map((e) => e.idempotency_key).join("\n") + "\n");
      }
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
