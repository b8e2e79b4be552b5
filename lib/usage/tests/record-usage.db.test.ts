import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { notifications, usageCounters, usageEvents } from "@/db/schema";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { nowMs } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { gaugeValue } from "../gauges";
import { recordUsage, recordUsageBatch } from "../record-usage";
import { settleUsageAlerts } from "../usage-alerts";
import { makeOrg, subscribe } from "./helpers";

const counter = async (orgId: string, metric: string) => {
  const rows = await db.select().from(usageCounters).where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.metric, metric)));
  return rows;
};

describe("recordUsage (group commit)", () => {
  it("10,000 events with 30 % duplicate keys → exact counts, concurrently", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "enterprise");
    const unique = 7_000;
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i < unique ? i : (i * 7919) % unique}`);
    // 100 concurrent callers of 100 events each, duplicates spread across callers.
    const batches = Array.from({ length: 100 }, (_, b) => keys.slice(b * 100, b * 100 + 100).map((k) => ({ metric: "api_calls", quantity: 2, idempotencyKey: k })));
    const results = await Promise.all(batches.map((evs) => recordUsageBatch(orgId, evs)));
    const recorded = results.reduce((s, r) => s + r.recorded, 0);
    const duplicates = results.reduce((s, r) => s + r.duplicates, 0);
    expect(recorded).toBe(unique);
    expect(duplicates).toBe(3_000);
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(usageEvents).where(eq(usageEvents.orgId, orgId))) as [{ n: number }];
    expect(n).toBe(unique);
    const [c] = await counter(orgId, "api_calls");
    expect(c!.used).toBe(unique * 2);
    // A second round of the same keys adds nothing.
    const again = await recordUsageBatch(orgId, batches[0]!);
    expect(again.recorded).toBe(0);
    expect((await counter(orgId, "api_calls"))[0]!.used).toBe(unique * 2);
  });

  it("says which events are new and which are duplicates, including within one batch", async () => {
    const orgId = await makeOrg();
    const res = await recordUsageBatch(orgId, [
      { metric: "api_calls", quantity: 1, idempotencyKey: "a" },
      { metric: "api_calls", quantity: 1, idempotencyKey: "a" },
      { metric: "api_calls", quantity: 1, idempotencyKey: "b" },
    ]);
    expect(res.events.map((e) => e.status)).toEqual(["recorded", "duplicate", "recorded"]);
    expect((await recordUsage({ orgId, metric: "api_calls", quantity: 5, idempotencyKey: "b" })).status).toBe("duplicate");
    expect((await counter(orgId, "api_calls"))[0]!.used).toBe(2);
  });

  it("rejects the whole batch naming the index and field of each problem", async () => {
    const orgId = await makeOrg();
    const err = await recordUsageBatch(orgId, [
      { metric: "api_calls", quantity: 1, idempotencyKey: "ok" },
      { metric: "nope", quantity: 1, idempotencyKey: "x" },
      { metric: "api_calls", quantity: -1, idempotencyKey: "y" },
      { metric: "api_calls", quantity: 1.5, idempotencyKey: "" },
      { metric: "api_calls", quantity: 1, idempotencyKey: "z", timestamp: new Date(nowMs() + 10 * 60_000).toISOString() },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    const problems = ((err as AppError).details as { problems: { index: number; field: string }[] }).problems.map((p) => `${p.index}.${p.field}`);
    expect(problems).toEqual(["1.metric", "2.quantity", "3.quantity", "3.idempotency_key", "4.timestamp"]);
    expect(await counter(orgId, "api_calls")).toHaveLength(0);
    const tooMany = await recordUsageBatch(orgId, Array.from({ length: 1001 }, (_, i) => ({ metric: "api_calls", quantity: 1, idempotencyKey: `m${i}` }))).catch((e) => e);
    expect((tooMany as AppError).status).toBe(400);
  });

  it("puts late events (≤ 35 days) in their own period and refuses older ones", async () => {
    const orgId = await makeOrg();
    const plan = await resolveOrgPlan(orgId);
    const before = new Date(plan.periodStart.getTime() - 3_600_000);
    const lateOk = nowMs() - before.getTime() <= 35 * 86_400_000;
    if (lateOk) {
      await recordUsage({ orgId, metric: "api_calls", quantity: 3, idempotencyKey: "late", timestamp: before.toISOString() });
      const rows = await counter(orgId, "api_calls");
      expect(rows).toHaveLength(1);
      expect(rows[0]!.periodStart.getTime()).toBeLessThan(plan.periodStart.getTime());
      expect(rows[0]!.periodEnd.getTime()).toBe(plan.periodStart.getTime());
    }
    const old = await recordUsage({ orgId, metric: "api_calls", quantity: 1, idempotencyKey: "old", timestamp: new Date(nowMs() - 36 * 86_400_000).toISOString() }).catch((e) => e);
    expect((old as AppError).status).toBe(400);
  });

  it("a gauge is the latest report, whichever period's row holds it (a restricted org reports into the Free month, which starts earlier)", async () => {
    const orgId = await makeOrg();
    const paid = { start: new Date("2027-01-15T00:00:00Z"), end: new Date("2027-02-15T00:00:00Z") };
    const free = { start: new Date("2027-01-01T00:00:00Z"), end: new Date("2027-02-01T00:00:00Z") };
    await db.insert(usageCounters).values([
      { orgId, metric: "storage_gb", periodStart: paid.start, periodEnd: paid.end, used: 154, peak: 154, updatedAt: new Date("2027-01-20T00:00:00Z") },
      { orgId, metric: "storage_gb", periodStart: free.start, periodEnd: free.end, used: 121, peak: 121, updatedAt: new Date("2027-01-28T00:00:00Z") },
    ]);
    expect(await gaugeValue(orgId, "storage_gb")).toBe(121);
  });

  it("gauge metrics keep the current value and the period peak", async () => {
    const orgId = await makeOrg();
    const t = nowMs();
    await recordUsage({ orgId, metric: "seats", quantity: 3, idempotencyKey: "s1", timestamp: new Date(t - 3000).toISOString() });
    await recordUsage({ orgId, metric: "seats", quantity: 7, idempotencyKey: "s2", timestamp: new Date(t - 2000).toISOString() });
    await recordUsage({ orgId, metric: "seats", quantity: 2, idempotencyKey: "s3", timestamp: new Date(t - 1000).toISOString() });
    const [c] = await counter(orgId, "seats");
    expect(c!.used).toBe(2);
    expect(c!.peak).toBe(7);
  });

  it("alerts at 50/80/100 % once per period per threshold; one jump past two thresholds sends only the higher one", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "starter"); // 1,000 api_calls included
    await recordUsage({ orgId, metric: "api_calls", quantity: 499, idempotencyKey: "u1" });
    await recordUsage({ orgId, metric: "api_calls", quantity: 1, idempotencyKey: "u2" }); // 50 %
    await recordUsage({ orgId, metric: "api_calls", quantity: 600, idempotencyKey: "u3" }); // past 80 and 100 %: one alert (100 %)
    await recordUsage({ orgId, metric: "api_calls", quantity: 10, idempotencyKey: "u4" });
    await settleUsageAlerts();
    const rows = await db.select().from(notifications).where(eq(notifications.orgId, orgId));
    expect(rows.map((r) => r.dedupeKey.split(":").pop()).sort()).toEqual(["100", "50"]);
    expect(new Set(rows.map((r) => r.title)).size).toBe(2);
  });
});
