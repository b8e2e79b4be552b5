import { sql } from "drizzle-orm";
import { db } from "@/db";
import { catalog } from "@/lib/billing/catalog";
import { now } from "@/lib/clock";
import { badRequest, paymentRequired } from "@/lib/errors";
import { logger } from "@/lib/log";
import { recordLowBalance } from "./ledger";
import { execRows, num } from "@/lib/usage/exec-rows";

export type ConsumeInput = {
  orgId: string;
  /** Either a number of credits, or an event type from the catalog's creditCosts (× quantity). */
  amount?: number;
  event?: string;
  quantity?: number;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
};

type Allocation = { grantId: string; amount: number };
export type ConsumeResult = { transaction_id: number; consumed: number; balance: number; allocations: Allocation[]; duplicate: boolean };

/** Credits an input costs: `amount`, or creditCosts[event] × quantity. */
export function creditsFor(input: Pick<ConsumeInput, "amount" | "event" | "quantity">): number {
  if (input.event !== undefined) {
    // Own keys only: "__proto__" or "toString" must not resolve to Object.prototype's members.
    const unit = Object.hasOwn(catalog.creditCosts, input.event) ? catalog.creditCosts[input.event] : undefined;
    if (unit === undefined) throw badRequest(`Unknown credit event "${input.event}"; expected one of ${Object.keys(catalog.creditCosts).join(", ")}.`, undefined, "unknown_event");
    const q = input.quantity ?? 1;
    if (!Number.isSafeInteger(q) || q <= 0) throw badRequest("quantity must be a positive integer.", undefined, "invalid_quantity");
    return unit * q;
  }
  if (input.amount === undefined || !Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw badRequest("amount must be a positive integer number of credits.", undefined, "invalid_amount");
  }
  return input.amount;
}

type Row = { ok: boolean; before: unknown; threshold: number | null; tx_id: unknown; existing: Record<string, unknown> | null; allocations: Allocation[] | null; available: unknown };

/**
 * Spend credits atomically in ONE statement (its own transaction, so the org's balance row is
 * locked only while it runs): lock the balance row, lock the live grants, allocate in precedence
 * order (purchased → subscription → promotional → adjustment; soonest expiry, then oldest first) with
 * a running sum, and — only when the grants cover the amount and the key is new — take from the
 * grants, append the transaction with its balance_after and lower the balance. Never below zero;
 * insufficient → 402 insufficient_credits and nothing consumed; the same key returns the first result.
 * (Grants past expiry are skipped; the sweep writes them off.)
 */
export async function consumeCredits(input: ConsumeInput): Promise<ConsumeResult> {
  const amount = creditsFor(input);
  if (!input.idempotencyKey || input.idempotencyKey.length > 255) throw badRequest("idempotency_key is required (1-255 characters).", undefined, "missing_idempotency_key");
  const key = `consume:${input.idempotencyKey}`;
  const meta = input.event ? { event: input.event, quantity: input.quantity ?? 1, ...input.metadata } : (input.metadata ?? null);
  for (let attempt = 1; ; attempt++) {
    try {
      return await consumeOnce(input.orgId, amount, key, meta);
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      // 23505: a concurrent call with the same key committed first — the retry returns its result.
      if ((code === "23505" || code === "40P01") && attempt < 4) continue;
      throw err;
    }
  }
}

async function consumeOnce(orgId: string, amount: number, key: string, meta: Record<string, unknown> | null): Promise<ConsumeResult> {
  const at = now().toISOString();
  const [r] = await execRows<Row>(
    db,
    sql`with b as (
          select org_id, balance, low_balance_threshold from credit_balances where org_id = ${orgId} for update
        ), ex as (
          select id, amount, balance_after, allocations from credit_transactions where org_id = ${orgId} and idempotency_key = ${key}
        ), lg as (
          select id, source, remaining, expires_at, created_at from credit_grants
          where org_id = (select org_id from b) and remaining > 0 and expired_at is null and (expires_at is null or expires_at > ${at}::timestamptz)
          for update
        ), g as (
          select id, remaining, sum(remaining) over (
            order by case source when 'purchased' then 0 when 'subscription' then 1 when 'promotional' then 2 else 3 end,
                     expires_at asc nulls last, created_at, id) as cum
          from lg
        ), take as (
          select id, cum, least(remaining, ${amount}::bigint - (cum - remaining)) as amount from g where cum - remaining < ${amount}::bigint
        ), ok as (
          select coalesce((select sum(amount) from take), 0) = ${amount}::bigint and not exists (select 1 from ex) and exists (select 1 from b) as ok
        ), alloc as (
          select coalesce(jsonb_agg(jsonb_build_object('grantId', id, 'amount', amount) order by cum), '[]'::jsonb) as a from take
        ), upd as (
          update credit_grants c set remaining = c.remaining - t.amount from take t where c.id = t.id and (select ok from ok) returning c.id
        ), ins as (
          insert into credit_transactions (org_id, kind, amount, balance_after, allocations, idempotency_key, metadata, created_at)
          select ${orgId}, 'consume', -${amount}::bigint, b.balance - ${amount}::bigint, (select a from alloc), ${key}, ${meta ? JSON.stringify(meta) : null}::jsonb, ${at}::timestamptz
          from b where (select ok from ok)
          returning id
        ), bal as (
          update credit_balances set balance = balance - ${amount}::bigint, updated_at = ${at}::timestamptz
          where org_id = ${orgId} and (select ok from ok)
          returning balance
        )
        select (select ok from ok) as ok, (select balance from b) as before, (select low_balance_threshold from b) as threshold,
               (select id from ins) as tx_id, (select count(*) from upd) as touched, (select count(*) from bal) as bal_rows,
               (select row_to_json(ex) from ex) as existing, (select a from alloc) as allocations,
               (select coalesce(sum(remaining), 0) from lg) as available`,
  );
  if (r?.existing) {
    const e = r.existing;
    return { transaction_id: num(e.id), consumed: -num(e.amount), balance: num(e.balance_after), allocations: (e.allocations as Allocation[]) ?? [], duplicate: true };
  }
  if (!r?.ok) {
    const available = num(r?.available);
    throw paymentRequired(`Insufficient credits: ${amount} needed, ${available} available.`, "insufficient_credits", { needed: amount, balance: available });
  }
  const before = num(r.before);
  const after = before - amount;
  const txId = num(r.tx_id);
  if (r.threshold !== null && before >= r.threshold && after < r.threshold) {
    await recordLowBalance(db, orgId, r.threshold, after, txId).catch((err: unknown) => logger.warn({ err: (err as Error).message }, "low-balance alert failed"));
  }
  return { transaction_id: txId, consumed: amount, balance: after, allocations: r.allocations ?? [], duplicate: false };
}
