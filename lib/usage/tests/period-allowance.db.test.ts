import { describe, expect, it } from "vitest";
import { getBillingOverview } from "@/lib/billing-ui/get-overview";
import { getUsageTab } from "@/lib/billing-ui/get-usage-tab";
import { now } from "@/lib/clock";
import { check, consumeQuota } from "../check-quota";
import { getBillingStatus } from "../get-billing-status";
import { getUsageSummary } from "../get-usage-summary";
import { recordUsage } from "../record-usage";
import { makeOrg, subscribe } from "./helpers";

/**
 * The allowance of the current period, as the status API, the quota checks, the usage summary and
 * the dashboard show it (docs/BILLING.md §5): a yearly period includes 12 × the monthly allowance of
 * summed metrics (what the yearly overage price's free tier includes), gauges are not multiplied; a
 * trial is a 14-day first period with the monthly allowance, and its overage shows at $0 (§2).
 * Lifecycle findings L1 and L3 (docs/RELIABILITY.md).
 */
const DAY = 86_400_000;
const yearFromNow = () => ({ start: new Date(now().getTime() - 5 * DAY), end: new Date(now().getTime() + 360 * DAY) });

describe("period allowance", () => {
  it("Pro yearly: 120,000 API calls and 60,000,000 tokens a year in the status API, quotas, summary and dashboard; seats and storage as monthly", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "pro", { interval: "year", ...yearFromNow() });
    await recordUsage({ orgId, metric: "api_calls", quantity: 50_000, idempotencyKey: "calls" });

    const st = await getBillingStatus(orgId);
    expect(st.usage_by_metric.api_calls).toMatchObject({ current: 50_000, included: 120_000, remaining: 70_000, overage: 0, overage_amount_cents: 0 });
    expect(st.usage_by_metric.tokens).toMatchObject({ included: 60_000_000 });
    expect(st.usage_by_metric.seats).toMatchObject({ included: 10 });
    expect(st.usage_by_metric.storage_gb).toMatchObject({ included: 100 });
    expect(st.overage_amount_cents).toBe(0);
    expect(st.usage).toMatchObject({ included: 120_000, remaining: 70_000, overage: 0 });

    // tokens are a hard limit: 6,000,000 is past a month's 5,000,000 but inside the year's allowance
    const tokens = await consumeQuota({ orgId, metric: "tokens", quantity: 6_000_000 });
    expect(tokens).toMatchObject({ allowed: true, limit: 60_000_000, used: 6_000_000, remaining: 54_000_000 });
    expect(await check({ orgId, metric: "tokens", quantity: 54_000_001 })).toMatchObject({ allowed: false, reason: "quota_exceeded" });
    expect(await check({ orgId, metric: "seats", quantity: 10 })).toMatchObject({ limit: 10 });

    const summary = await getUsageSummary(orgId, "current");
    expect(summary.metrics.find((m) => m.metric === "api_calls")).toMatchObject({ included: 120_000, overage: 0 });
    expect(summary.metrics.find((m) => m.metric === "storage_gb")).toMatchObject({ included: 100 });

    const ov = await getBillingOverview(orgId);
    expect(ov.bars.find((b) => b.metric === "api_calls")).toMatchObject({ included: 120_000, overageUnits: 0, overageCents: 0, label: "50,000 / 120,000 calls" });
    expect(ov.bars.find((b) => b.metric === "seats")).toMatchObject({ included: 10 });
    expect(ov.overageCents).toBe(0);
    expect((await getUsageTab(orgId, "current")).bars.find((b) => b.metric === "api_calls")).toMatchObject({ included: 120_000 });

    // past the year's allowance: priced at Pro's 2 ¢
    await recordUsage({ orgId, metric: "api_calls", quantity: 80_000, idempotencyKey: "more" });
    const past = await getBillingStatus(orgId);
    expect(past.usage_by_metric.api_calls).toMatchObject({ current: 130_000, included: 120_000, overage: 10_000, overage_amount_cents: 20_000 });
    expect((await getBillingOverview(orgId)).overageCents).toBe(20_000);
  });

  it("a yearly plan's trial has the monthly allowance; Pro monthly stays at 10,000", async () => {
    const trial = await makeOrg();
    await subscribe(trial, "pro", { interval: "year", status: "trialing", start: new Date(now().getTime() - DAY), end: new Date(now().getTime() + 13 * DAY) });
    expect((await getBillingStatus(trial)).usage_by_metric.api_calls.included).toBe(10_000);
    const monthly = await makeOrg();
    await subscribe(monthly, "pro");
    expect((await getBillingStatus(monthly)).usage_by_metric.tokens.included).toBe(5_000_000);
    expect(await consumeQuota({ orgId: monthly, metric: "tokens", quantity: 5_000_001 })).toMatchObject({ allowed: false, limit: 5_000_000 });
  });

  it("during a trial the overage units show at $0 in the status API and the dashboard (never charged)", async () => {
    const orgId = await makeOrg();
    await subscribe(orgId, "pro", { status: "trialing", start: new Date(now().getTime() - DAY), end: new Date(now().getTime() + 13 * DAY) });
    await recordUsage({ orgId, metric: "api_calls", quantity: 12_500, idempotencyKey: "calls" });

    const st = await getBillingStatus(orgId);
    expect(st.usage_by_metric.api_calls).toMatchObject({ current: 12_500, included: 10_000, overage: 2_500, overage_amount_cents: 0 });
    expect(st.overage_amount_cents).toBe(0);

    const ov = await getBillingOverview(orgId);
    expect(ov.bars.find((b) => b.metric === "api_calls")).toMatchObject({ used: 12_500, included: 10_000, overageUnits: 2_500, overageCents: 0, state: "over" });
    expect(ov.overageCents).toBe(0);
    expect(ov.nextInvoice).toMatchObject({ overageCents: 0 });
    expect((await getUsageTab(orgId, "current")).bars.find((b) => b.metric === "api_calls")).toMatchObject({ overageUnits: 2_500, overageCents: 0 });
  });
});
