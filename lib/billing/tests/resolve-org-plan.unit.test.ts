import { describe, expect, it } from "vitest";
import type { Subscription } from "@/db/schema";
import { pickOrgPlan } from "../resolve-org-plan";

const at = new Date("2026-11-21T12:00:00Z");
const sub = (over: Partial<Subscription>): Subscription =>
  ({
    id: "sub_1",
    orgId: "org_1",
    customerId: "cus_1",
    status: "active",
    planKey: "pro",
    interval: "month",
    currentPeriodStart: new Date("2026-11-10T00:00:00Z"),
    currentPeriodEnd: new Date("2026-12-10T00:00:00Z"),
    pastDueSince: null,
    createdAt: at,
    ...over,
  }) as Subscription;

describe("pickOrgPlan", () => {
  it("active/trialing → the plan and the subscription's period", () => {
    const r = pickOrgPlan([sub({})], at, 7);
    expect(r).toMatchObject({ restricted: false, periodStart: new Date("2026-11-10T00:00:00Z") });
    expect(r.plan.key).toBe("pro");
    expect(pickOrgPlan([sub({ status: "trialing", planKey: "starter" })], at, 7).plan.key).toBe("starter");
  });
  it("past_due inside the grace period keeps the plan; beyond it → free, restricted", () => {
    expect(pickOrgPlan([sub({ status: "past_due", pastDueSince: new Date("2026-11-18T00:00:00Z") })], at, 7).plan.key).toBe("pro");
    const late = pickOrgPlan([sub({ status: "past_due", pastDueSince: new Date("2026-11-01T00:00:00Z") })], at, 7);
    expect(late).toMatchObject({ restricted: true, periodStart: new Date("2026-11-01T00:00:00Z"), periodEnd: new Date("2026-12-01T00:00:00Z") });
    expect(late.plan.key).toBe("free");
    expect(pickOrgPlan([sub({ status: "unpaid" })], at, 7)).toMatchObject({ restricted: true });
  });
  it("no subscription → free on the calendar month", () => {
    const r = pickOrgPlan([], at, 7);
    expect(r).toMatchObject({ restricted: false, subscription: null });
    expect(r.plan.key).toBe("free");
  });
});
