import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { usageMeterReports } from "@/db/schema";
import { recordUsage } from "../record-usage";
import { reportOverage } from "../report-overage";
import type { MeterEventInput } from "../stripe-meter-adapter";
import { makeOrg, subscribe } from "./helpers";

describe("reportOverage", () => {
  it("reports unreported metered units once, with stable identifiers, and resends failures", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "starter");
    const freeOrg = await makeOrg();
    await recordUsage({ orgId: freeOrg, metric: "api_calls", quantity: 50, idempotencyKey: "f" });
    await recordUsage({ orgId, metric: "api_calls", quantity: 1200, idempotencyKey: "a" });
    await recordUsage({ orgId, metric: "tokens", quantity: 5, idempotencyKey: "t" }); // not metered
    const sentEvents: MeterEventInput[] = [];
    let fail = true;
    const adapter = {
      reportMeterEvent: async (e: MeterEventInput) => {
        if (fail) throw new Error("stripe down");
        sentEvents.push(e);
      },
    };
    const first = await reportOverage({ adapter });
    expect(first.failed).toBeGreaterThanOrEqual(1);
    const mine = () => sentEvents.filter((e) => e.identifier.startsWith(orgId));
    expect(mine()).toHaveLength(0);
    fail = false;
    await reportOverage({ adapter });
    expect(mine()).toHaveLength(1);
    expect(mine()[0]).toMatchObject({ eventName: "api_calls", value: 1200 });
    const id = mine()[0]!.identifier;
    await reportOverage({ adapter });
    expect(mine()).toHaveLength(1);
    await recordUsage({ orgId, metric: "api_calls", quantity: 30, idempotencyKey: "b" });
    await reportOverage({ adapter });
    expect(mine().map((e) => e.value)).toEqual([1200, 30]);
    expect(mine()[1]!.identifier).not.toBe(id);
    expect(sentEvents.some((e) => e.identifier.startsWith(freeOrg))).toBe(false);
    const rows = await db.select().from(usageMeterReports).where(eq(usageMeterReports.orgId, orgId));
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("overage_only mode reports just the units past included", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "starter");
    await recordUsage({ orgId, metric: "api_calls", quantity: 1200, idempotencyKey: "a" });
    const got: MeterEventInput[] = [];
    await reportOverage({ mode: "overage_only", adapter: { reportMeterEvent: async (e) => void got.push(e) } });
    expect(got.filter((e) => e.identifier.startsWith(orgId)).map((e) => e.value)).toEqual([200]);
  });
});
