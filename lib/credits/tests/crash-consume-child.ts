/**
 * Child process for the credit crash test: spends 1 credit at a time with 16 concurrent callers and
 * appends each acknowledged idempotency key to ACK_FILE only after consumeCredits resolved (i.e. the
 * spend committed). The parent SIGKILLs it mid-way.
 */
import { appendFileSync } from "node:fs";

async function main() {
  const orgId = process.env.CRASH_ORG_ID!;
  const ackFile = process.env.ACK_FILE!;
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  const { consumeCredits } = await import("@/lib/credits/consume-credits");
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const key = `spend_${next++}`;
        await consumeCredits({ orgId, amount: 1, idempotencyKey: key });
        appendFileSync(ackFile, key + "\n");
      }
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
