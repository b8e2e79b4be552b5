import { describe, expect, it } from "vitest";
import { catalog, getPlan } from "@/lib/billing/catalog";
import { formatMoney } from "@/lib/billing-ui/format";
import { buildOverview, describeDiscount, upgradePrompt, usageBars, type OverviewInput } from "@/lib/billing-ui/overview";
import { buildPlanCards, nextPlanUp } from "@/lib/billing-ui/plan-cards";

const now = new Date("2026-03-10T00:00:00Z");
const metrics = (used: Record<string, number>) =>
  catalog.metrics.map((m) => ({ metric: m.key, kind: m.kind, used: used[m.key] ?? 0, peak: used[m.key] ?? 0, included: null, overage: 0 }));
const sub = (over: Partial<NonNullable<OverviewInput["subscription"]>> = {}): NonNullable<OverviewInput["subscription"]> => ({
  id: "sub_1",
  status: "active",
  plan: { key: "pro", name: "Pro" },
  interval: "month",
  amountCents: 9_900,
  currency: "usd",
  currentPeriodStart: "2026-03-01T00:00:00.000Z",
  currentPeriodEnd: "2026-04-01T00:00:00.000Z",
  trialEnd: null,
  cancelAtPeriodEnd: false,
  cancelAt: null,
  pastDueSince: null,
  discount: null,
  pendingChange: null,
  ...over,
});
const input = (over: Partial<OverviewInput> = {}): OverviewInput => ({
  subscription: sub(),
  effectivePlan: { key: "pro", name: "Pro", restricted: false },
  usage: { period: { start: "2026-03-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z" }, metrics: metrics({}) },
  credits: { balance: 5_000, by_source: {}, low_balance_threshold: null, expiring_soon: [] },
  graceDays: 7,
  now,
  ...over,
});

describe("billing overview view-model", () => {
  it("usage bars: percent, warn at 80 %, overage in money, unlimited", () => {
    const bars = usageBars(catalog, getPlan("pro")!, metrics({ api_calls: 12_500, tokens: 4_000_000, seats: 2 }));
    expect(bars.find((b) => b.metric === "api_calls")).toMatchObject({ percent: 125, barPercent: 100, state: "over", overageUnits: 2_500, overageCents: 5_000, label: "12,500 / 10,000 calls" });
    expect(bars.find((b) => b.metric === "tokens")).toMatchObject({ percent: 80, state: "warn", overageCents: 0, hardLimit: true });
    expect(bars.find((b) => b.metric === "seats")).toMatchObject({ percent: 20, state: "ok" });
    const ent = usageBars(catalog, getPlan("enterprise")!, metrics({ seats: 40 }));
    expect(ent.find((b) => b.metric === "seats")).toMatchObject({ state: "unlimited", percent: null, label: "40 seats · unlimited" });
  });

  it("upgrade prompt near a soft limit says what the next plan costs and saves", () => {
    const pro = getPlan("pro")!;
    const bars = usageBars(catalog, pro, metrics({ api_calls: 40_000 }));
    const p = upgradePrompt(catalog, pro, bars, "month")!;
    // overage now: 30,000 × 2¢ = $600; Enterprise: $499 − $99 = $400 more, no overage → saves $200
    expect(p).toMatchObject({ metric: "api_calls", nextPlan: { key: "enterprise", priceCents: 49_900 }, extraCostCents: 40_000, savesCents: 20_000 });
    expect(p.message).toContain("Enterprise includes 100,000 for $499/month ($400 more) and would save you $200.00");
    expect(upgradePrompt(catalog, pro, usageBars(catalog, pro, metrics({ api_calls: 7_000 })), "month")).toBeNull();
    expect(upgradePrompt(catalog, getPlan("enterprise")!, usageBars(catalog, getPlan("enterprise")!, metrics({ api_calls: 200_000 })), "month")).toBeNull();
  });

  it("banners: trial end, cancel at period end, past due with grace end, restricted", () => {
    const trial = buildOverview(catalog, input({ subscription: sub({ status: "trialing", trialEnd: "2026-03-15T00:00:00.000Z" }) }));
    expect(trial.status).toEqual({ label: "Trialing", tone: "brand" });
    expect(trial.banners.map((b) => b.testId)).toEqual(["banner-trial"]);
    expect(trial.banners[0]!.title).toBe("Your free trial ends on 15 Mar 2026 (5 days left)");
    expect(trial.nextInvoice).toMatchObject({ date: "2026-03-15T00:00:00.000Z", totalCents: 9_900 });

    const cancel = buildOverview(catalog, input({ subscription: sub({ cancelAtPeriodEnd: true, cancelAt: "2026-04-01T00:00:00.000Z" }) }));
    expect(cancel.banners.map((b) => b.testId)).toEqual(["banner-cancel"]);
    expect(cancel.banners[0]!.title).toBe("Your Pro plan ends on 1 Apr 2026");
    // docs/BILLING.md §6: a subscription set to cancel shows its final invoice (the overage only; none here).
    expect(cancel.nextInvoice).toMatchObject({ final: true, date: "2026-04-01T00:00:00.000Z", subscriptionCents: 0, totalCents: 0 });

    const pastDue = buildOverview(catalog, input({ subscription: sub({ status: "past_due", pastDueSince: "2026-03-08T00:00:00.000Z" }) }));
    expect(pastDue.banners[0]).toMatchObject({ tone: "error", testId: "banner-past-due", title: "A payment failed" });
    expect(pastDue.banners[0]!.body).toContain("before 15 Mar 2026");

    const restricted = buildOverview(catalog, input({ subscription: sub({ status: "past_due", pastDueSince: "2026-02-01T00:00:00.000Z" }), effectivePlan: { key: "free", name: "Free", restricted: true } }));
    expect(restricted.plan).toMatchObject({ key: "pro", name: "Pro", restricted: true, limitsPlanName: "Free" });
    expect(restricted.bars.find((b) => b.metric === "api_calls")?.included).toBe(100); // Free-plan limits apply
    expect(restricted.banners[0]!.title).toBe("Your plan is restricted: a payment failed");
  });

  it("next invoice adds overage; no subscription → free, no invoice", () => {
    const o = buildOverview(catalog, input({ usage: { period: { start: "2026-03-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z" }, metrics: metrics({ api_calls: 10_100 }) } }));
    expect(o.nextInvoice).toMatchObject({ subscriptionCents: 9_900, overageCents: 200, totalCents: 10_100 });
    expect(o.period.daysLeft).toBe(22);
    const free = buildOverview(catalog, input({ subscription: null, effectivePlan: { key: "free", name: "Free", restricted: false } }));
    expect(free.status).toEqual({ label: "Free", tone: "neutral" });
    expect(free.nextInvoice).toBeNull();
  });

  it("discount labels and low credits", () => {
    expect(describeDiscount([{ coupon: "WELCOME20_ab12cd34", promotionCode: "promo_1", percentOff: 20, amountOffCents: null }], ["WELCOME20"])).toBe("WELCOME20 — 20% off");
    expect(describeDiscount([{ coupon: "X", percentOff: null, amountOffCents: 1000 }])).toBe("X — $10.00 off");
    expect(describeDiscount(null)).toBeNull();
    const low = buildOverview(catalog, input({ credits: { balance: 50, by_source: {}, low_balance_threshold: 100, expiring_soon: [{ remaining: 30, expires_at: "2026-03-20T00:00:00Z" }] } }));
    expect(low.credits).toEqual({ balance: 50, low: true, expiringSoon: 30 });
  });
});

describe("plan cards", () => {
  it("prices, yearly saving, trial, limits and features", () => {
    const cards = buildPlanCards(catalog);
    expect(cards.map((c) => c.key)).toEqual(["free", "starter", "pro", "enterprise"]);
    const pro = cards.find((c) => c.key === "pro")!;
    expect(pro.priceLabel).toEqual({ month: "$99/month", year: "$990/year" });
    expect(pro.yearlyNote).toBe("$82.50/month billed yearly — save $198 (17%)");
    expect(pro.trialLabel).toBe("14-day free trial");
    expect(pro.limits[0]).toEqual({ metric: "api_calls", name: "API calls", label: "10,000 calls", overage: "then $0.02 per call" });
    expect(pro.features.filter((f) => f.included).map((f) => f.key)).toEqual(["api_access", "advanced_exports"]);
    const free = cards[0]!;
    expect(free).toMatchObject({ free: true, priceLabel: { month: "Free", year: "Free" }, yearlyNote: null, trialLabel: null, credits: null });
    expect(cards[3]!.limits.find((l) => l.metric === "seats")).toMatchObject({ label: "Unlimited", overage: null });
    expect(nextPlanUp(catalog, "pro")?.key).toBe("enterprise");
    expect(formatMoney(123456)).toBe("$1,234.56");
  });
});

import { planAction, whatYouLose } from "@/lib/billing-ui/plan-changes";

describe("plan change buttons and cancellation losses", () => {
  const cur = { planKey: "pro", interval: "month", subscribed: true };
  it("labels every target", () => {
    expect(planAction(catalog, cur, { planKey: "pro", interval: "month" })).toEqual({ kind: "current", label: "Current plan" });
    expect(planAction(catalog, cur, { planKey: "pro", interval: "year" })).toEqual({ kind: "upgrade", label: "Switch to yearly" });
    expect(planAction(catalog, { ...cur, interval: "year" }, { planKey: "pro", interval: "month" })).toEqual({ kind: "downgrade", label: "Switch to monthly" });
    expect(planAction(catalog, cur, { planKey: "enterprise", interval: "month" })).toEqual({ kind: "upgrade", label: "Upgrade to Enterprise" });
    expect(planAction(catalog, cur, { planKey: "starter", interval: "month" })).toEqual({ kind: "downgrade", label: "Downgrade to Starter" });
    // the same classification as the change: a higher plan at a shorter interval is scheduled; in a trial everything applies now
    expect(planAction(catalog, { ...cur, interval: "year" }, { planKey: "enterprise", interval: "month" })).toEqual({ kind: "downgrade", label: "Upgrade to Enterprise" });
    expect(planAction(catalog, { ...cur, status: "trialing" }, { planKey: "starter", interval: "month" })).toEqual({ kind: "upgrade", label: "Downgrade to Starter" });
    expect(planAction(catalog, cur, { planKey: "free", interval: "month" }).kind).toBe("unavailable");
    expect(planAction(catalog, { planKey: "free", interval: "month", subscribed: false }, { planKey: "pro", interval: "year" })).toEqual({ kind: "checkout", label: "Subscribe to Pro" });
    expect(planAction(catalog, { planKey: "free", interval: "month", subscribed: false }, { planKey: "free", interval: "month" }).kind).toBe("current");
  });
  it("lists what cancelling Pro loses", () => {
    expect(whatYouLose(catalog, "pro")).toEqual([
      "API calls: 10,000 calls → 100 calls",
      "Tokens: 5,000,000 tokens → 100,000 tokens",
      "Seats: 10 seats → 1 seat",
      "Storage: 100 GB → 1 GB",
      "Advanced exports (CSV, PDF)",
      "5,000 included credits each period",
    ]);
    expect(whatYouLose(catalog, "free")).toEqual([]);
  });
});

import { dailySeries, endpointRows, periodChoices } from "@/lib/billing-ui/usage-tab";

describe("usage tab", () => {
  const summary = {
    period: { start: "2026-03-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z", current: true },
    plan: "pro",
    metrics: [],
    by_day: [
      { metric: "api_calls", day: "2026-03-02", quantity: 30 },
      { metric: "api_calls", day: "2026-03-04", quantity: 12 },
      { metric: "tokens", day: "2026-03-04", quantity: 900 },
    ],
    by_endpoint: [
      { metric: "api_calls", endpoint: "/signals", quantity: 30, requests: 30 },
      { metric: "api_calls", endpoint: "/export/pdf", quantity: 10, requests: 2 },
    ],
  };
  it("fills every day up to today with zeros", () => {
    const rows = dailySeries(catalog, summary, new Date("2026-03-05T10:00:00Z"));
    expect(rows.map((r) => r.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]);
    expect(rows.map((r) => r.api_calls)).toEqual([0, 30, 0, 12, 0]);
    expect(rows[3]).toMatchObject({ tokens: 900, seats: 0 });
  });
  it("endpoint shares and period choices", () => {
    expect(endpointRows(summary).map((r) => r.share)).toEqual([75, 25]);
    expect(periodChoices(new Date("2026-03-05T00:00:00Z"), 2)).toEqual([
      { value: "current", label: "Current period" },
      { value: "2026-02", label: "February 2026" },
      { value: "2026-01", label: "January 2026" },
    ]);
  });
});
