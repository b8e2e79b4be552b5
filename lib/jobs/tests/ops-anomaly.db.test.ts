import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { adminAlerts, notifications, organizations, usageEvents } from "@/db/schema";
import { randomBase62 } from "@/lib/ids";
import { drainInlineJobs } from "../enqueue";
import { detectUsageAnomalies } from "../ops-anomaly";

const HOUR = 3_600_000;
const AT = Date.UTC(2031, 5, 1, 12, 5); // detection run at 12:05 → looks at 11:00-12:00
const LAST_HOUR = Date.UTC(2031, 5, 1, 11, 0);

async function org(name: string) {
  const id = `org_${randomBase62(10)}`;
  await db.insert(organizations).values({ id, name });
  return id;
}

/** One event per hour for the 168 baseline hours (quantity by hour index 0 = oldest), then the last hour. */
async function history(orgId: string, perHour: (i: number) => number, lastHour: number, metric = "api_calls") {
  const values = [];
  for (let i = 0; i < 168; i++) {
    const ts = new Date(LAST_HOUR - (168 - i) * HOUR + 60_000);
    const q = perHour(i);
    if (q > 0) values.push({ orgId, metric, quantity: q, idempotencyKey: `h${i}`, ts, periodStart: ts, createdAt: ts });
  }
  const t = new Date(LAST_HOUR + 30 * 60_000);
  values.push({ orgId, metric, quantity: lastHour, idempotencyKey: "last", ts: t, periodStart: t, createdAt: t });
  for (let i = 0; i < values.length; i += 100) await db.insert(usageEvents).values(values.slice(i, i + 100));
}

describe("unusual usage detection", () => {
  it("fires on a spike, not on steady growth, a small spike, a new customer or a gauge", async () => {
    const spike = await org("Spike");
    const growth = await org("Growth");
    const small = await org("Small");
    const fresh = await org("Fresh");
    const gauge = await org("Gauge");
    await history(spike, () => 20, 120); // mean 20 → 120 is 6× and ≥ 100
    await history(growth, (i) => 10 + Math.floor(i / 3), 70); // grows 10 → 65/h over the week; 70 ≈ 1.8× mean
    await history(small, () => 1, 60); // 60× the mean but below the minimum of 100
    await history(fresh, () => 0, 5_000); // no baseline at all
    await history(gauge, () => 1, 500, "seats"); // gauges are levels, not flows
    const orgIds = [spike, growth, small, fresh, gauge];

    const hits = await detectUsageAnomalies({ at: new Date(AT), orgIds });
    expect(hits).toEqual([{ orgId: spike, metric: "api_calls", hourStart: new Date(LAST_HOUR).toISOString(), quantity: 120, baselineMean: 20, factor: 5, isNew: true }]);

    const alerts = await db.select().from(adminAlerts).where(inArray(adminAlerts.orgId, orgIds));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.kind).toBe("usage_anomaly");
    await drainInlineJobs(); // the notice is the domain event's fan-out
    const notes = await db.select().from(notifications).where(and(inArray(notifications.orgId, orgIds), eq(notifications.kind, "usage_anomaly")));
    expect(notes.map((x) => x.orgId)).toEqual([spike]);

    // Re-running for the same hour reports it again but alerts and notifies once.
    const again = await detectUsageAnomalies({ at: new Date(AT + 10 * 60_000), orgIds });
    expect(again.map((h) => h.isNew)).toEqual([false]);
    expect(await db.select().from(adminAlerts).where(inArray(adminAlerts.orgId, orgIds))).toHaveLength(1);

    // The boundary: exactly 5× the mean does not fire (strictly greater).
    const edge = await org("Edge");
    await history(edge, () => 20, 100);
    expect(await detectUsageAnomalies({ at: new Date(AT), orgIds: [edge] })).toEqual([]);
  });
});
