import { and, eq } from "drizzle-orm";
import { creditHolds, type CreditHold } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { badRequest, paymentRequired } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { allocate } from "./allocate";
import { DEFAULT_HOLD_TTL_SECONDS, MAX_HOLD_TTL_SECONDS, view, type HoldView } from "./hold-internals";
import { expireDueGrants, loadGrants, lockBalance, maybeAlertLowBalance, writeLedger } from "./ledger";

/** Reserve credits for long-running work: they leave the balance now and come back on commit (the unused part), release or expiry. */
export async function reserveCredits(input: { orgId: string; amount: number; ttlSeconds?: number; idempotencyKey: string }): Promise<HoldView & { duplicate: boolean }> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw badRequest("amount must be a positive integer number of credits.", undefined, "invalid_amount");
  const ttl = input.ttlSeconds ?? DEFAULT_HOLD_TTL_SECONDS;
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_HOLD_TTL_SECONDS) throw badRequest(`ttl_seconds must be 1-${MAX_HOLD_TTL_SECONDS}.`, undefined, "invalid_ttl");
  if (!input.idempotencyKey) throw badRequest("idempotency_key is required.", undefined, "missing_idempotency_key");
  return withOrg(input.orgId, async (tx) => {
    const locked = await lockBalance(tx, input.orgId, null);
    if (!locked) throw paymentRequired(`Insufficient credits: ${input.amount} needed, 0 available.`, "insufficient_credits");
    const [existing] = await tx.select().from(creditHolds).where(and(eq(creditHolds.orgId, input.orgId), eq(creditHolds.idempotencyKey, input.idempotencyKey)));
    if (existing) return { ...view(existing, locked.balance), duplicate: true };
    const at = now();
    const grants = await loadGrants(tx, input.orgId);
    const balance = await expireDueGrants(tx, input.orgId, grants, locked.balance, at);
    const alloc = allocate(grants, input.amount, at);
    if (!alloc) throw paymentRequired(`Insufficient credits: ${input.amount} needed, ${balance} available.`, "insufficient_credits", { needed: input.amount, balance });
    const hold = {
      id: newId("hold"),
      orgId: input.orgId,
      amount: input.amount,
      committedAmount: null,
      allocations: alloc,
      status: "held",
      idempotencyKey: input.idempotencyKey,
      expiresAt: new Date(at.getTime() + ttl * 1000),
      settledAt: null,
      createdAt: at,
    } satisfies CreditHold;
    await tx.insert(creditHolds).values(hold);
    const after = balance - input.amount;
    const txId = await writeLedger(tx, {
      orgId: input.orgId,
      kind: "hold",
      amount: -input.amount,
      balanceAfter: after,
      grantDeltas: alloc.map((a) => ({ grantId: a.grantId, amount: -a.amount })),
      allocations: alloc,
      idempotencyKey: `hold:${hold.id}`,
      holdId: hold.id,
    });
    await maybeAlertLowBalance(tx, input.orgId, locked.threshold, balance, after, txId);
    return { ...view(hold, after), duplicate: false };
  });
}

