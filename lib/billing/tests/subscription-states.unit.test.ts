import { describe, expect, it } from "vitest";
import type { Subscription } from "@/db/schema";
import { catalog } from "../catalog";
import { pickOrgPlan } from "../resolve-org-plan";
import { BILLED_STATUSES, CURRENT_STATUSES, SUBSCRIPTION_STATES, subscriptionState } from "../subscription-states";
import { buildOverview } from "@/lib/billing-ui/overview";

/**
 * Issue 13 item 10: one module says what each Stripe subscription status means, and the effective
 * plan (resolveOrgPlan) and the dashboard's "next invoice" follow it for every status.
 */
const at = new Date("2026-11-21T12:00:00Z");
const sub = (status: string): Subscription =>
  ({
    id: "sub_1", orgId: "org_1", customerId: "cus_1", status, planKey: "pro", interval: "month",
    currentPeriodStart: new Date("2026-11-10T00:00:00Z"), currentPeriodEnd: new Date("2026-12-10T00:00:00Z"),
    pastDueSince: new Date("2026-11-20T00:00:00Z"), createdAt: at,
  }) as Subscription;

const STRIPE_STATUSES = ["trialing", "active", "past_due", "unpaid", "paused", "incomplete", "incomplete_expired", "canceled"];

describe("subscription states", () => {
  it("covers every Stripe status; billed, changeable and plan-giving statuses are all current", () => {
    expect(Object.keys(SUBSCRIPTION_STATES).sort()).toEqual([...STRIPE_STATUSES].sort());
    for (const s of STRIPE_STATUSES) {
      const st = subscriptionState(s);
      if (st.billed || st.changeable || st.access !== "none") expect(st.current, s).toBe(true);
    }
    expect([...CURRENT_STATUSES].sort()).toEqual(["active", "incomplete", "past_due", "paused", "trialing", "unpaid"]);
    expect([...BILLED_STATUSES].sort()).toEqual(["active", "past_due", "trialing"]);
    expect(subscriptionState("something_new")).toMatchObject({ current: false, billed: false });
  });

  it.each(STRIPE_STATUSES)("%s: the effective plan and the next-invoice estimate follow the state", (status) => {
    const st = subscriptionState(status);
    const picked = pickOrgPlan([sub(status)], at, 7);
    expect(picked.plan.key).toBe(st.access === "plan" || st.access === "grace" ? "pro" : "free");
    expect(picked.restricted).toBe(st.access === "restricted");
    const overview = buildOverview(catalog, {
      subscription: { id: "sub_1", status, plan: { key: "pro", name: "Pro" }, interval: "month", amountCents: 9900, currency: "usd", currentPeriodStart: null, currentPeriodEnd: "2026-12-10T00:00:00Z", trialEnd: null, cancelAtPeriodEnd: false, cancelAt: null, pastDueSince: null, discount: null, pendingChange: null },
      effectivePlan: { key: picked.plan.key, name: picked.plan.name, restricted: picked.restricted },
      usage: { period: { start: "2026-11-10T00:00:00Z", end: "2026-12-10T00:00:00Z" }, metrics: [] },
      credits: { balance: 0, by_source: {}, low_balance_threshold: null, expiring_soon: [] },
      graceDays: 7,
      now: at,
    });
    expect(overview.nextInvoice !== null).toBe(st.billed);
  });
});
