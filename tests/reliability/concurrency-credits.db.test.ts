import type Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { getDbHandle } from "@/db";
import { catalog } from "@/lib/billing/catalog";
import { commitHold } from "@/lib/credits/commit-hold";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { grantCredits } from "@/lib/credits/grant-credits";
import { releaseHold } from "@/lib/credits/release-hold";
import { reserveCredits } from "@/lib/credits/reserve-credits";
import { verifyLedger } from "@/lib/credits/verify-ledger";
import { nowUnix } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { processEvent } from "@/lib/stripe/webhooks/process-event";
import { storeStripeEvent } from "@/lib/stripe/webhooks/store-event";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import { orgWithKey } from "./helpers";

/**
 * Races on the credit ledger (real Postgres: many connections; PGlite: interleaved on one). Each outcome
 * is exact: granted once, committed once, never below zero, ledger = balances.
 */

vi.setConfig({ testTimeout: 120_000 });
const SYSTEM = { type: "system", id: null } as const;
const N = 12;
const n = async (text: string, params: unknown[]) => Number((await (await getDbHandle()).raw(text, params))[0]!.n);
const settled = async <T>(ps: Promise<T>[]) => {
  const r = await Promise.allSettled(ps);
  return { ok: r.filter((x): x is PromiseFulfilledResult<Awaited<T>> => x.status === "fulfilled").map((x) => x.value), failed: r.filter((x): x is PromiseRejectedResult => x.status === "rejected").map((x) => x.reason) };
};

describe("double credit-pack grant / double checkout fulfilment", () => {
  it(`${N} concurrent grantCredits with one key → one grant, one ledger row, one audit row`, async () => {
    const { orgId } = await orgWithKey("Race grant");
    const { ok, failed } = await settled(Array.from({ length: N }, () => grantCredits({ orgId, source: "purchased", amount: 500, idempotencyKey: "pack:cs_race", actor: SYSTEM })));
    expect(failed).toEqual([]);
    expect(ok.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(ok.map((r) => r.grant.id)).size).toBe(1);
    expect((await getCreditBalance(orgId)).balance).toBe(500);
    expect(await n("select count(*)::int as n from credit_grants where org_id = $1", [orgId])).toBe(1);
    expect(await n("select count(*)::int as n from credit_transactions where org_id = $1", [orgId])).toBe(1);
    expect(await n("select count(*)::int as n from audit_log where org_id = $1 and action = 'credits.granted'", [orgId])).toBe(1);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });

  it("one paid pack session delivered as two events, each processed concurrently 6× → credits granted once", async () => {
    const { orgId } = await orgWithKey("Race fulfilment");
    const pack = catalog.creditPacks[0]!;
    // A real paid session: the handler reads it back from Stripe before granting (a forged one grants nothing).
    await syncCatalog();
    const { id: sessionId } = await createPaymentCheckout({ orgId, packKey: pack.key, actor: SYSTEM });
    expect(await (await sandbox()).views.checkout.complete(sessionId, { card: { number: "4242424242424242" } })).toMatchObject({ ok: true });
    const session = await getStripe().checkout.sessions.retrieve(sessionId);
    const events = [newId("evt"), newId("evt")].map(
      (id) => ({ id, object: "event", type: "checkout.session.completed", api_version: null, created: nowUnix(), livemode: false, pending_webhooks: 0, request: null, data: { object: session } }) as unknown as Stripe.Event,
    );
    for (const e of events) expect((await storeStripeEvent(e)).stored).toBe(true);
    const outcomes = await Promise.all(events.flatMap((e) => Array.from({ length: 6 }, () => processEvent(e.id))));
    expect(outcomes.filter((o) => o.status === "processed")).toHaveLength(2); // each event once
    expect(outcomes.filter((o) => o.status === "failed")).toHaveLength(0);
    expect((await getCreditBalance(orgId)).balance).toBe(pack.credits);
    expect(await n("select count(*)::int as n from credit_grants where org_id = $1", [orgId])).toBe(1);
    expect(await n("select count(*)::int as n from audit_log where org_id = $1 and action = 'credits.granted'", [orgId])).toBe(1);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });
});

describe("holds", () => {
  it(`${N} concurrent commits of one hold → exactly one applies; the rest refused; balance exact`, async () => {
    const { orgId } = await orgWithKey("Race commit");
    await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: SYSTEM });
    const hold = await reserveCredits({ orgId, amount: 300, idempotencyKey: "job-1" });
    const { ok, failed } = await settled(Array.from({ length: N }, (_, i) => commitHold({ orgId, holdId: hold.id, amount: 100 + i })));
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(N - 1);
    for (const e of failed) expect((e as { status?: number }).status).toBe(409);
    const committed = ok[0]!.committed_amount!;
    expect((await getCreditBalance(orgId)).balance).toBe(1000 - committed);
    expect(await n("select count(*)::int as n from credit_transactions where org_id = $1 and kind = 'commit'", [orgId])).toBe(1);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });

  it("commit racing release (each twice; repeats are idempotent) → exactly one kind wins, settled once", async () => {
    const { orgId } = await orgWithKey("Race commit/release");
    await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: SYSTEM });
    const hold = await reserveCredits({ orgId, amount: 400, idempotencyKey: "job-2" });
    const { ok, failed } = await settled([commitHold({ orgId, holdId: hold.id, amount: 400 }), releaseHold({ orgId, holdId: hold.id }), commitHold({ orgId, holdId: hold.id, amount: 400 }), releaseHold({ orgId, holdId: hold.id })]);
    const winner = ok[0]!.status;
    expect(ok.every((h) => h.status === winner)).toBe(true); // the loser's calls are refused; the winner's repeat is a no-op
    expect(ok).toHaveLength(2);
    for (const e of failed) expect((e as { code?: string }).code).toBe("hold_not_active");
    expect(await n("select count(*)::int as n from credit_transactions where org_id = $1 and kind in ('commit','release')", [orgId])).toBe(1);
    const balance = (await getCreditBalance(orgId)).balance;
    expect(balance).toBe(winner === "committed" ? 600 : 1000);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });

  it(`${N} concurrent reserves with one idempotency key → one hold`, async () => {
    const { orgId } = await orgWithKey("Race reserve");
    await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: SYSTEM });
    const { ok, failed } = await settled(Array.from({ length: N }, () => reserveCredits({ orgId, amount: 100, idempotencyKey: "same" })));
    expect(failed).toEqual([]);
    expect(new Set(ok.map((h) => h.id)).size).toBe(1);
    expect((await getCreditBalance(orgId)).balance).toBe(900);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });
});

describe("consumption", () => {
  it(`${N} concurrent consumes with one idempotency key → charged once`, async () => {
    const { orgId } = await orgWithKey("Race consume key");
    await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: SYSTEM });
    const { ok, failed } = await settled(Array.from({ length: N }, () => consumeCredits({ orgId, amount: 70, idempotencyKey: "req-1" })));
    expect(failed).toEqual([]);
    expect(ok.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await getCreditBalance(orgId)).balance).toBe(930);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });

  it(`${N * 2} concurrent distinct consumes of 100 against 1,000 → exactly 10 succeed, never below zero`, async () => {
    const { orgId } = await orgWithKey("Race double spend");
    await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: SYSTEM });
    const { ok, failed } = await settled(Array.from({ length: N * 2 }, (_, i) => consumeCredits({ orgId, amount: 100, idempotencyKey: `spend-${i}` })));
    expect(ok).toHaveLength(10);
    expect(failed).toHaveLength(N * 2 - 10);
    for (const e of failed) expect((e as { code?: string }).code).toBe("insufficient_credits");
    expect((await getCreditBalance(orgId)).balance).toBe(0);
    expect((await verifyLedger(orgId)).ok).toBe(true);
  });
});
