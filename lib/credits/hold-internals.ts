import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db";
import { creditGrants, creditHolds, type CreditHold, type GrantAllocation } from "@/db/schema";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { lockBalance, returnable, writeLedger } from "./ledger";

/** Shared by reserve/commit/release/expire: the hold's public view and giving credits back. */
export const DEFAULT_HOLD_TTL_SECONDS = 15 * 60;
export const MAX_HOLD_TTL_SECONDS = 24 * 3600;

export type HoldView = {
  id: string;
  amount: number;
  status: string;
  committed_amount: number | null;
  expires_at: string;
  balance: number;
};

export const view = (h: CreditHold, balance: number): HoldView => ({
  id: h.id,
  amount: h.amount,
  status: h.status,
  committed_amount: h.committedAmount,
  expires_at: h.expiresAt.toISOString(),
  balance,
});

/** Return `allocations` to their grants (those not expired meanwhile) as one ledger transaction. */
export async function giveBack(tx: Tx, orgId: string, hold: CreditHold, allocations: GrantAllocation[], kind: "commit" | "release", balance: number, meta: Record<string, unknown>) {
  const at = now();
  const ids = allocations.map((a) => a.grantId);
  const rows = ids.length
    ? await tx.select({ id: creditGrants.id, expiresAt: creditGrants.expiresAt, expiredAt: creditGrants.expiredAt }).from(creditGrants).where(inArray(creditGrants.id, ids))
    : [];
  const back = returnable(allocations, new Map(rows.map((r) => [r.id, r])), at);
  const amount = back.reduce((s, a) => s + a.amount, 0);
  const after = balance + amount;
  await writeLedger(tx, {
    orgId,
    kind,
    amount,
    balanceAfter: after,
    grantDeltas: back,
    allocations: back,
    idempotencyKey: `${kind}:${hold.id}`,
    holdId: hold.id,
    metadata: { ...meta, lost_to_expiry: allocations.reduce((s, a) => s + a.amount, 0) - amount },
  });
  return after;
}

export async function lockHold(tx: Tx, orgId: string, holdId: string) {
  const locked = await lockBalance(tx, orgId, null);
  const [hold] = await tx.select().from(creditHolds).where(and(eq(creditHolds.id, holdId), eq(creditHolds.orgId, orgId)));
  if (!locked || !hold) throw notFound("hold");
  return { balance: locked.balance, hold };
}

export async function settle(tx: Tx, hold: CreditHold, status: "released" | "expired", _committed: null, balance: number) {
  const after = await giveBack(tx, hold.orgId, hold, hold.allocations, "release", balance, { reason: status });
  await tx.update(creditHolds).set({ status, settledAt: now() }).where(eq(creditHolds.id, hold.id));
  return after;
}

