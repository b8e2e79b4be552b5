import { describe, expect, it } from "vitest";
import { catalog } from "@/lib/billing/catalog";
import { buildOverview, estimateNextInvoice } from "@/lib/billing-ui/overview";
import { usageAlertText } from "@/lib/usage/usage-alerts";

/** Issue 13 §4, the page fixes: a cancelling trial's final invoice; 50 % and 80 % alerts that say different things. */
const at = new Date("2026-11-21T12:00:00Z");
const plan = (key: string) => catalog.plans.find((p) => p.key === key)!;

function overview(status: string, cancelAtPeriodEnd: boolean) {
  return buildOverview(catalog, {
    subscription: { id: "sub_1", status, plan: { key: "pro", name: "Pro" }, interval: "month", amountCents: 9_900, currency: "usd", currentPeriodStart: "2026-11-14T00:00:00Z", currentPeriodEnd: "2026-11-28T00:00:00Z", trialEnd: "2026-11-28T00:00:00Z", cancelAtPeriodEnd, cancelAt: cancelAtPeriodEnd ? "2026-11-28T00:00:00Z" : null, pastDueSince: null, discount: null, pendingChange: null },
    effectivePlan: { key: "pro", name: "Pro", restricted: false },
    usage: { period: { start: "2026-11-14T00:00:00Z", end: "2026-11-28T00:00:00Z" }, metrics: [{ metric: "api_calls", kind: "sum", used: 12_000, peak: 12_000, included: 10_000, overage: 2_000 }] },
    credits: { balance: 0, by_source: {}, low_balance_threshold: null, expiring_soon: [] },
    graceDays: 7,
    now: at,
  });
}

describe("page fixes", () => {
  it("a trial set to cancel shows its final invoice ($0: trial overage is never charged), not 'choose a paid plan'", () => {
    expect(overview("trialing", true).nextInvoice).toEqual({ final: true, date: "2026-11-28T00:00:00Z", subscriptionCents: 0, overageCents: 0, discountCents: 0, totalCents: 0, currency: "usd" });
  });

  it("an active plan set to cancel: the final invoice bills the period's overage only (2,000 × 2¢ = $40.00)", () => {
    expect(overview("active", true).nextInvoice).toMatchObject({ final: true, subscriptionCents: 0, overageCents: 4_000, totalCents: 4_000 });
    expect(overview("active", false).nextInvoice).toMatchObject({ final: false, subscriptionCents: 9_900, overageCents: 4_000, totalCents: 13_900 });
  });

  it("the next-invoice estimate follows BILLING.md §6: a scheduled downgrade's price, discounts still in force then, taken off plan + overage", () => {
    const sub = (over: Record<string, unknown>) => ({ id: "sub_1", status: "active", plan: { key: "enterprise", name: "Enterprise" }, interval: "month", amountCents: 49_900, currency: "usd", currentPeriodStart: "2026-11-14T00:00:00Z", currentPeriodEnd: "2026-12-14T00:00:00Z", trialEnd: null, cancelAtPeriodEnd: false, cancelAt: null, pastDueSince: null, discount: null, pendingChange: null, ...over });
    // Enterprise → Pro scheduled for the period end: the renewal is Pro's $99.00 (found by the random lifecycles: it showed $499.00)
    expect(estimateNextInvoice(catalog, sub({ pendingChange: { planKey: "pro", interval: "month", effectiveAt: "2026-12-14T00:00:00Z" } }), 0)).toMatchObject({ subscriptionCents: 9_900, totalCents: 9_900 });
    // WELCOME20 ends 10 Dec, before the 14 Dec renewal: no discount then (the mirror's amount, $399.20, still has it)
    const welcome = [{ percentOff: 20, duration: "repeating", end: "2026-12-10T00:00:00Z" }];
    expect(estimateNextInvoice(catalog, sub({ amountCents: 39_920, discount: welcome }), 0)).toMatchObject({ discountCents: 0, totalCents: 49_900 });
    // still in force on the renewal: 20 % of ($499.00 + $30.00 overage) = $105.80 → $423.20
    expect(estimateNextInvoice(catalog, sub({ amountCents: 39_920, discount: [{ ...welcome[0], end: "2027-01-10T00:00:00Z" }] }), 3_000)).toMatchObject({ subscriptionCents: 49_900, overageCents: 3_000, discountCents: 10_580, totalCents: 42_320 });
    // PRO50 is for Pro only: after an upgrade to Enterprise during the trial it takes nothing off ($499.00, not $249.50; found by the random lifecycles)
    const pro50 = [{ coupon: "PRO50_1a2b3c4d", code: "PRO50", percentOff: 50, duration: "once", end: null }];
    expect(estimateNextInvoice(catalog, sub({ status: "trialing", trialEnd: "2026-11-28T00:00:00Z", amountCents: 24_950, discount: pro50 }), 0)).toMatchObject({ discountCents: 0, totalCents: 49_900 });
    expect(estimateNextInvoice(catalog, sub({ plan: { key: "pro", name: "Pro" }, status: "trialing", trialEnd: "2026-11-28T00:00:00Z", amountCents: 4_950, discount: pro50 }), 0)).toMatchObject({ discountCents: 4_950, totalCents: 4_950 });
  });

  it("the 50 %, 80 % and 100 % alerts say different things", () => {
    const t = (pct: number, used: number) => usageAlertText({ pct, metricKey: "api_calls", plan: plan("pro"), used, included: 10_000 });
    const texts = [t(50, 5_000), t(80, 8_000), t(100, 10_000)];
    expect(new Set(texts.map((x) => x.title)).size).toBe(3);
    expect(texts[0]!.title).toBe("API calls: half of your Pro allowance used");
    expect(texts[1]!.title).toMatch(/80% .* nearing the limit/);
    expect(texts[2]!.body).toMatch(/charged at \$0\.02 per call/);
  });
});
