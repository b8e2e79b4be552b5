import { and, eq } from "drizzle-orm";
import { creditGrants, type CreditSource } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { lockBalance, writeLedger } from "./ledger";

export type GrantInput = {
  orgId: string;
  source: CreditSource;
  amount: number;
  expiresAt?: Date | null;
  /** Unique per organisation: the webhook passes the checkout session id, or `sub:<id>:<period start>`. */
  idempotencyKey: string;
  actor: Actor;
  reason?: string;
};

/** Grant credits exactly once per idempotency key (later calls return the first grant, `duplicate: true`). Audited. */
export async function grantCredits(input: GrantInput) {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw badRequest("amount must be a positive integer number of credits.", undefined, "invalid_amount");
  if (!input.idempotencyKey) throw badRequest("idempotencyKey is required.", undefined, "missing_idempotency_key");
  const at = now();
  if (input.expiresAt && input.expiresAt <= at) throw badRequest("expiresAt must be in the future.", undefined, "invalid_expiry");
  if (input.source === "purchased" && input.expiresAt) throw badRequest("purchased credits never expire.", undefined, "invalid_expiry");
  return withOrg(input.orgId, async (tx) => {
    const locked = (await lockBalance(tx, input.orgId, null, true))!;
    const id = newId("cgr");
    const inserted = await tx
      .insert(creditGrants)
      .values({
        id,
        orgId: input.orgId,
        source: input.source,
        amount: input.amount,
        remaining: input.amount,
        expiresAt: input.expiresAt ?? null,
        idempotencyKey: input.idempotencyKey,
        reason: input.reason ?? null,
        createdAt: at,
      })
      .onConflictDoNothing({ target: [creditGrants.orgId, creditGrants.idempotencyKey] })
      .returning({ id: creditGrants.id });
    if (inserted.length === 0) {
      const [existing] = await tx
        .select()
        .from(creditGrants)
        .where(and(eq(creditGrants.orgId, input.orgId), eq(creditGrants.idempotencyKey, input.idempotencyKey)));
      return { grant: existing!, balance: locked.balance, duplicate: true };
    }
    const balance = locked.balance + input.amount;
    await writeLedger(tx, {
      orgId: input.orgId,
      kind: "grant",
      amount: input.amount,
      balanceAfter: balance,
      grantDeltas: [],
      allocations: [{ grantId: id, amount: input.amount }],
      idempotencyKey: `grant:${input.idempotencyKey}`,
      grantId: id,
      metadata: input.reason ? { reason: input.reason } : null,
    });
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: input.source === "adjustment" ? "credits.adjusted" : "credits.granted",
      target: id,
      before: { balance: locked.balance },
      after: { balance, source: input.source, amount: input.amount, expires_at: input.expiresAt?.toISOString() ?? null, reason: input.reason ?? null },
      event: {
        type: "credits.granted",
        data: { grant_id: id, amount: input.amount, source: input.source, balance, expires_at: input.expiresAt?.toISOString() ?? null, reason: input.reason ?? null },
      },
    });
    const [grant] = await tx.select().from(creditGrants).where(eq(creditGrants.id, id));
    return { grant: grant!, balance, duplicate: false };
  });
}
