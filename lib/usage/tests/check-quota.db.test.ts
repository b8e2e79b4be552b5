import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, domainEvents, notifications, usageCounters } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { check, consumeQuota, refundQuota } from "../check-quota";
import { recordUsage } from "../record-usage";
import { setSpendCap, settleSpendCapNotices } from "../spend-cap";
import { makeOrg, subscribe } from "./helpers";

const used = async (orgId: string, metric = "api_calls") =>
  (await db.select().from(usageCounters).where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.metric, metric))))[0]?.used ?? 0;

describe("check / consumeQuota", () => {
  it("50 concurrent consumers against a hard limit of 20 remaining → exactly 20 allowed, no overshoot", async () => {
    const orgId = await makeOrg(); // free: 100 api_calls, hard
    await recordUsage({ orgId, metric: "api_calls", quantity: 80, idempotencyKey: "pre" });
    const results = await Promise.all(Array.from({ length: 50 }, () => consumeQuota({ orgId, metric: "api_calls", quantity: 1 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect(results.filter((r) => !r.allowed).every((r) => r.reason === "quota_exceeded" && r.remaining === 0)).toBe(true);
    expect(await used(orgId)).toBe(100);
  });

  it("concurrent first uses (no counter row yet) never overshoot", async () => {
    const orgId = await makeOrg();
    const results = await Promise.all(Array.from({ length: 30 }, () => consumeQuota({ orgId, metric: "api_calls", quantity: 5 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect(await used(orgId)).toBe(100);
  });

  it("soft limits allow and count overage; check() alone counts nothing", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "starter"); // 1,000 included, 3 ¢ overage
    await recordUsage({ orgId, metric: "api_calls", quantity: 999, idempotencyKey: "pre" });
    const peek = await check({ orgId, metric: "api_calls", quantity: 5 });
    expect(peek).toMatchObject({ allowed: true, limit: 1000, used: 999, remaining: 1, overage: 0 });
    const r = await consumeQuota({ orgId, metric: "api_calls", quantity: 5 });
    expect(r).toMatchObject({ allowed: true, used: 1004, overage: 4, remaining: 0 });
    expect(await used(orgId)).toBe(1004);
  });

  it("a spend cap turns overage into a hard stop, audited", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "starter");
    await recordUsage({ orgId, metric: "api_calls", quantity: 1000, idempotencyKey: "pre" });
    await setSpendCap({ orgId, spendCapCents: 30, actor: { type: "user", id: "u1" } }); // 10 calls at 3 ¢
    const results = await Promise.all(Array.from({ length: 25 }, () => consumeQuota({ orgId, metric: "api_calls", quantity: 1 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.find((r) => !r.allowed)?.reason).toBe("spend_cap_reached");
    expect(await used(orgId)).toBe(1010);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "usage.spend_cap_set")));
    expect(audits).toHaveLength(1);
    // 15 refused calls announce the cap once: one spend_cap.reached event, one notice.
    await settleSpendCapNotices();
    const events = await db.select().from(domainEvents).where(and(eq(domainEvents.orgId, orgId), eq(domainEvents.type, "spend_cap.reached")));
    expect(events.map((e) => [e.type, e.status, (e.payload as { spend_cap_cents: number }).spend_cap_cents])).toEqual([["spend_cap.reached", "dispatched", 30]]);
    const notes = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "spend_cap_reached")));
    expect(notes.map((n) => n.kind)).toEqual(["spend_cap_reached"]);
  });

  it("refunds, features, unknown names and bad quantities", async () => {
    const orgId = await makeOrg();
    const r = await consumeQuota({ orgId, metric: "api_calls", quantity: 7 });
    await refundQuota({ orgId, metric: "api_calls", periodStart: r.period_start, quantity: 7 });
    expect(await used(orgId)).toBe(0);
    expect(await check({ orgId, feature: "advanced_exports" })).toMatchObject({ allowed: false, reason: "not_entitled" });
    expect((await check({ orgId, feature: "api_access" })).allowed).toBe(true);
    await subscribe(orgId, "pro");
    expect((await check({ orgId, feature: "advanced_exports" })).allowed).toBe(true);
    for (const bad of [{ metric: "nope" }, { feature: "nope" }, { metric: "api_calls", quantity: -1 }, { metric: "api_calls", quantity: 1.5 }]) {
      const err = await check({ orgId, ...bad }).catch((e) => e);
      expect((err as AppError).status).toBe(400);
    }
  });

  it("past_due beyond the grace period falls back to free limits (restricted)", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "pro", { status: "past_due", pastDueSince: new Date(Date.now() - 30 * 86_400_000) });
    const r = await check({ orgId, metric: "api_calls", quantity: 101 });
    expect(r).toMatchObject({ allowed: false, limit: 100, reason: "subscription_restricted" });
  });
});
