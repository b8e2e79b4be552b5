import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, creditHolds, notifications } from "@/db/schema";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { nowMs, setClockOffset, clockOffsetMs } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { consumeCredits } from "../consume-credits";
import { getCreditBalance } from "../get-credit-balance";
import { grantCredits } from "../grant-credits";
import { commitHold } from "../commit-hold";
import { expireHoldsAndGrants } from "../expire-holds-and-grants";
import { releaseHold } from "../release-hold";
import { reserveCredits } from "../reserve-credits";
import { recordTokens } from "../record-tokens";
import { setLowBalanceThreshold } from "../set-low-balance-threshold";
import { verifyLedger } from "../verify-ledger";

const actor = { type: "system" as const, id: null };

describe("credit ledger", () => {
  it("200 concurrent consumers on a balance of 100 → exactly 100 succeed, ledger sums to 0", async () => {
    const orgId = await makeOrg();
    await grantCredits({ orgId, source: "purchased", amount: 100, idempotencyKey: "g1", actor });
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => consumeCredits({ orgId, amount: 1, idempotencyKey: `c${i}` })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(100);
    expect(failed.every((r) => (r.reason as AppError).code === "insufficient_credits" && (r.reason as AppError).status === 402)).toBe(true);
    const v = await verifyLedger(orgId);
    expect(v).toMatchObject({ ok: true, balance: 0, ledgerSum: 0, grantsRemaining: 0 });
  });

  it("grants are idempotent per key and audited", async () => {
    const orgId = await makeOrg();
    const a = await grantCredits({ orgId, source: "purchased", amount: 500, idempotencyKey: "cs_123", actor });
    const b = await grantCredits({ orgId, source: "purchased", amount: 500, idempotencyKey: "cs_123", actor });
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.grant.id).toBe(a.grant.id);
    expect((await getCreditBalance(orgId)).balance).toBe(500);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "credits.granted")))).toHaveLength(1);
  });

  it("consumes purchased first, then subscription, ties by soonest expiry; same key → same result once", async () => {
    const orgId = await makeOrg();
    const day = 86_400_000;
    const sub = await grantCredits({ orgId, source: "subscription", amount: 50, expiresAt: new Date(nowMs() + 10 * day), idempotencyKey: "sub", actor });
    const promoLate = await grantCredits({ orgId, source: "promotional", amount: 50, expiresAt: new Date(nowMs() + 20 * day), idempotencyKey: "p2", actor });
    const promoSoon = await grantCredits({ orgId, source: "promotional", amount: 50, expiresAt: new Date(nowMs() + 5 * day), idempotencyKey: "p1", actor });
    const bought = await grantCredits({ orgId, source: "purchased", amount: 30, idempotencyKey: "cs", actor });
    const r = await consumeCredits({ orgId, amount: 100, idempotencyKey: "x" });
    expect(r.allocations).toEqual([
      { grantId: bought.grant.id, amount: 30 },
      { grantId: sub.grant.id, amount: 50 },
      { grantId: promoSoon.grant.id, amount: 20 },
    ]);
    const again = await consumeCredits({ orgId, amount: 100, idempotencyKey: "x" });
    expect(again).toMatchObject({ duplicate: true, transaction_id: r.transaction_id, consumed: 100, balance: 80 });
    expect((await getCreditBalance(orgId)).balance).toBe(80);
    void promoLate;
    const short = await consumeCredits({ orgId, amount: 81, idempotencyKey: "y" }).catch((e) => e);
    expect((short as AppError).status).toBe(402);
    expect((await verifyLedger(orgId)).ok).toBe(true);
    expect((await getCreditBalance(orgId)).balance).toBe(80);
    const byEvent = await consumeCredits({ orgId, event: "ai_inference", quantity: 2, idempotencyKey: "ev" });
    expect(byEvent.consumed).toBe(50);
  });

  it("holds: commit returns the rest, release returns all, an expired hold returns automatically", async () => {
    const orgId = await makeOrg();
    await grantCredits({ orgId, source: "purchased", amount: 100, idempotencyKey: "g", actor });
    const h = await reserveCredits({ orgId, amount: 40, idempotencyKey: "h1" });
    expect(h.balance).toBe(60);
    const c = await commitHold({ orgId, holdId: h.id, amount: 25 });
    expect(c).toMatchObject({ status: "committed", committed_amount: 25, balance: 75 });
    expect((await commitHold({ orgId, holdId: h.id, amount: 25 })).balance).toBe(75);
    const tooMuch = await reserveCredits({ orgId, amount: 10, idempotencyKey: "h2" });
    expect((await commitHold({ orgId, holdId: tooMuch.id, amount: 11 }).catch((e) => e)).status).toBe(400);
    expect((await releaseHold({ orgId, holdId: tooMuch.id })).balance).toBe(75);
    const other = await makeOrg();
    expect((await releaseHold({ orgId: other, holdId: h.id }).catch((e) => e)).status).toBe(404);

    const exp = await reserveCredits({ orgId, amount: 30, ttlSeconds: 60, idempotencyKey: "h3" });
    expect((await getCreditBalance(orgId)).balance).toBe(45);
    const swept = await expireHoldsAndGrants(new Date(nowMs() + 61_000));
    expect(swept.holds).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(creditHolds).where(eq(creditHolds.id, exp.id));
    expect(row!.status).toBe("expired");
    expect((await getCreditBalance(orgId)).balance).toBe(75);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });

  it("committing a hold after its TTL answers 409 and returns its credits", async () => {
    const orgId = await makeOrg();
    await grantCredits({ orgId, source: "purchased", amount: 10, idempotencyKey: "g", actor });
    const h = await reserveCredits({ orgId, amount: 10, ttlSeconds: 1, idempotencyKey: "h" });
    const offset = clockOffsetMs();
    setClockOffset(offset + 5_000);
    try {
      const err = await commitHold({ orgId, holdId: h.id, amount: 5 }).catch((e) => e);
      expect((err as AppError).code).toBe("hold_expired");
      expect((await getCreditBalance(orgId)).balance).toBe(10);
    } finally {
      setClockOffset(offset);
    }
  });

  it("grants expire on the clock and the ledger still balances", async () => {
    const orgId = await makeOrg();
    await grantCredits({ orgId, source: "promotional", amount: 20, expiresAt: new Date(nowMs() + 60_000), idempotencyKey: "p", actor });
    await grantCredits({ orgId, source: "purchased", amount: 5, idempotencyKey: "b", actor });
    await consumeCredits({ orgId, amount: 7, idempotencyKey: "c" }); // 5 purchased + 2 promo
    const res = await expireHoldsAndGrants(new Date(nowMs() + 120_000));
    expect(res.grants).toBeGreaterThanOrEqual(1);
    expect(await verifyLedger(orgId)).toMatchObject({ ok: true, balance: 0 });
  });

  it("tokens convert via the catalog prices; low-balance alert fires on crossing", async () => {
    const orgId = await makeOrg();
    await grantCredits({ orgId, source: "purchased", amount: 100, idempotencyKey: "g", actor });
    await setLowBalanceThreshold({ orgId, threshold: 50, actor });
    // gpt-4o: 5 in / 15 out per 1,000 tokens → 2,000 in + 3,000 out = 10 + 45 = 55 credits
    const r = await recordTokens({ orgId, model: "gpt-4o", inputTokens: 2_000, outputTokens: 3_000, idempotencyKey: "call1" });
    expect(r).toMatchObject({ credits: 55, tokens: 5_000, balance: 45 });
    const again = await recordTokens({ orgId, model: "gpt-4o", inputTokens: 2_000, outputTokens: 3_000, idempotencyKey: "call1" });
    expect(again.duplicate).toBe(true);
    expect((await getCreditBalance(orgId)).balance).toBe(45);
    await drainInlineJobs(); // the alert is the domain event's fan-out
    const alerts = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "credits_low")));
    expect(alerts).toHaveLength(1);
    expect((await recordTokens({ orgId, model: "nope", inputTokens: 1, outputTokens: 1, idempotencyKey: "z" }).catch((e) => e)).status).toBe(400);
  });
});
