import { sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db";
import type { GrantAllocation } from "@/db/schema";
import { now } from "@/lib/clock";
import { record, SYSTEM_ACTOR } from "@/lib/events/record";
import { date, execRows, num } from "@/lib/usage/exec-rows";
import type { LiveGrant } from "./allocate";

/**
 * Ledger internals shared by grant/consume/hold/expire. Every mutation first locks the org's
 * balance row (SELECT … FOR UPDATE), so spends of one organisation serialise while different
 * organisations proceed in parallel; then it writes grants, one transaction row (with the balance
 * after it) and the balance in ONE statement.
 */
export type Locked = { balance: number; threshold: number | null; existing: Record<string, unknown> | null };

/** Lock the balance row (creating it when missing) and look up an earlier transaction with `key`. */
export async function lockBalance(tx: Tx, orgId: string, key: string | null, create = false): Promise<Locked | null> {
  const q = () =>
    execRows<{ balance: unknown; low_balance_threshold: number | null; existing: Record<string, unknown> | null }>(
      tx,
      sql`select b.balance, b.low_balance_threshold,
            (select row_to_json(t) from credit_transactions t where t.org_id = b.org_id and t.idempotency_key = ${key}) as existing
          from credit_balances b where b.org_id = ${orgId} for update of b`,
    );
  let rows = await q();
  if (rows.length === 0) {
    if (!create) return null;
    await tx.execute(sql`insert into credit_balances (org_id, balance, updated_at) values (${orgId}, 0, now()) on conflict (org_id) do nothing`);
    rows = await q();
  }
  const r = rows[0]!;
  return { balance: num(r.balance), threshold: r.low_balance_threshold, existing: r.existing };
}

/** Grants with credits left (including ones whose expiry passed but the sweep has not written off yet). */
export async function loadGrants(tx: Tx, orgId: string): Promise<LiveGrant[]> {
  const rows = await execRows<{ id: string; source: LiveGrant["source"]; remaining: unknown; expires_at: unknown; created_at: unknown }>(
    tx,
    sql`select id, source, remaining, expires_at, created_at from credit_grants
        where org_id = ${orgId} and remaining > 0 and expired_at is null`,
  );
  return rows.map((r) => ({ id: r.id, source: r.source, remaining: num(r.remaining), expiresAt: r.expires_at ? date(r.expires_at) : null, createdAt: date(r.created_at) }));
}

export type LedgerWrite = {
  orgId: string;
  kind: "grant" | "consume" | "expire" | "hold" | "commit" | "release";
  /** Signed change to the balance. */
  amount: number;
  balanceAfter: number;
  /** Change to each grant's remaining: positive = returned, negative = taken. */
  grantDeltas: GrantAllocation[];
  /** Mark these grants expired (remaining written off). */
  expireGrants?: string[];
  allocations: GrantAllocation[];
  idempotencyKey?: string | null;
  holdId?: string | null;
  grantId?: string | null;
  metadata?: Record<string, unknown> | null;
};

/** Apply grant deltas, append the transaction and set the balance — one statement. Returns the transaction id. */
export async function writeLedger(tx: Tx, w: LedgerWrite): Promise<number> {
  const at = now().toISOString();
  const rows = await execRows<{ tx_id: unknown }>(
    tx,
    sql`with g as (
          update credit_grants c set remaining = c.remaining + x.amount
          from jsonb_to_recordset(${JSON.stringify(w.grantDeltas)}::jsonb) as x("grantId" text, amount bigint)
          where c.id = x."grantId" and c.org_id = ${w.orgId}
          returning c.id
        ), e as (
          update credit_grants c set remaining = 0, expired_at = ${at}::timestamptz
          where c.org_id = ${w.orgId} and c.id = any(select jsonb_array_elements_text(${JSON.stringify(w.expireGrants ?? [])}::jsonb))
          returning c.id
        ), t as (
          insert into credit_transactions (org_id, kind, amount, balance_after, allocations, idempotency_key, hold_id, grant_id, metadata, created_at)
          values (${w.orgId}, ${w.kind}, ${w.amount}, ${w.balanceAfter}, ${JSON.stringify(w.allocations)}::jsonb, ${w.idempotencyKey ?? null},
                  ${w.holdId ?? null}, ${w.grantId ?? null}, ${w.metadata ? JSON.stringify(w.metadata) : null}::jsonb, ${at}::timestamptz)
          returning id
        )
        update credit_balances set balance = ${w.balanceAfter}, updated_at = ${at}::timestamptz
        where org_id = ${w.orgId}
        returning (select id from t) as tx_id, (select count(*) from g) as g, (select count(*) from e) as e`,
  );
  return num(rows[0]?.tx_id);
}

/**
 * Write off grants whose expiry has passed (they still show remaining credits). Returns the new
 * balance. Called inside a locked section.
 */
export async function expireDueGrants(tx: Tx, orgId: string, grants: LiveGrant[], balance: number, at: Date): Promise<number> {
  const due = grants.filter((g) => g.expiresAt && g.expiresAt <= at && g.remaining > 0);
  if (due.length === 0) return balance;
  const total = due.reduce((s, g) => s + g.remaining, 0);
  const after = balance - total;
  const txId = await writeLedger(tx, {
    orgId,
    kind: "expire",
    amount: -total,
    balanceAfter: after,
    grantDeltas: [],
    expireGrants: due.map((g) => g.id),
    allocations: due.map((g) => ({ grantId: g.id, amount: g.remaining })),
  });
  await record(tx, {
    actor: SYSTEM_ACTOR,
    orgId,
    action: "credits.expired",
    target: String(txId),
    before: { balance },
    after: { balance: after, expired: due.map((g) => ({ grantId: g.id, amount: g.remaining })) },
    event: { type: "credits.expired", data: { amount: total, balance: after, grant_ids: due.map((g) => g.id) } },
    key: `credits_expired:${orgId}:${txId}`,
  });
  for (const g of due) g.remaining = 0;
  return after;
}

/** Returnable part of allocations: credits go back only to grants that have not expired. */
export function returnable(allocations: GrantAllocation[], grants: Map<string, { expiresAt: Date | null; expiredAt: Date | null }>, at: Date) {
  return allocations.filter((a) => {
    const g = grants.get(a.grantId);
    return g && !g.expiredAt && (!g.expiresAt || g.expiresAt > at);
  });
}

/** Low-balance alert when a spend crosses the org's threshold downwards (once per crossing). */
export async function maybeAlertLowBalance(tx: Tx, orgId: string, threshold: number | null, before: number, after: number, txId: number) {
  if (threshold === null || !(before >= threshold && after < threshold)) return;
  await recordLowBalance(tx, orgId, threshold, after, txId);
}

/** `credits.low_balance`: a spend took the balance below the organisation's threshold (once per spend). */
export function recordLowBalance(tx: DbOrTx, orgId: string, threshold: number, after: number, txId: number) {
  return record(tx, {
    actor: SYSTEM_ACTOR,
    orgId,
    target: String(txId),
    event: { type: "credits.low_balance", data: { balance: after, threshold, transaction_id: txId } },
    key: `credits_low:${orgId}:${txId}`,
    notice: {
      kind: "credits_low",
      title: "Your credit balance is running low",
      body: `Your balance is ${after.toLocaleString("en-US")} credits (alert threshold: ${threshold.toLocaleString("en-US")}). Buy a credit pack to keep going.`,
      email: true,
    },
  });
}
