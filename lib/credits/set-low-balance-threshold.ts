import { eq } from "drizzle-orm";
import { creditBalances } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";

/** Set (or clear with null) the balance under which a low-balance alert is sent. Audited. */
export async function setLowBalanceThreshold(input: { orgId: string; threshold: number | null; actor: Actor }) {
  if (input.threshold !== null && (!Number.isSafeInteger(input.threshold) || input.threshold < 0)) {
    throw badRequest("threshold must be a non-negative integer or null.", undefined, "invalid_threshold");
  }
  return withOrg(input.orgId, async (tx) => {
    const [before] = await tx.select().from(creditBalances).where(eq(creditBalances.orgId, input.orgId)).for("update");
    await tx
      .insert(creditBalances)
      .values({ orgId: input.orgId, balance: 0, lowBalanceThreshold: input.threshold, updatedAt: now() })
      .onConflictDoUpdate({ target: creditBalances.orgId, set: { lowBalanceThreshold: input.threshold, updatedAt: now() } });
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "credits.low_balance_threshold_set",
      target: input.orgId,
      before: { threshold: before?.lowBalanceThreshold ?? null },
      after: { threshold: input.threshold },
    });
    return { low_balance_threshold: input.threshold };
  });
}
