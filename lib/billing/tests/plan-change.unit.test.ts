import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { planChangeKind, requirePaidPlan } from "../plan-change-kind";
import { planForPrice } from "../plan-for-price";
import { invoiceSubscriptionId, mapDiscount } from "../stripe-mirror-map";
import { appUrl } from "../checkout-urls";

describe("planChangeKind", () => {
  it("classifies upgrades (now) and downgrades (period end)", () => {
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "enterprise", interval: "month" })).toBe("upgrade");
    // BILLING.md §3: every yearly → monthly change waits for the period end, a higher plan included (L2)
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "enterprise", interval: "month" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "starter", interval: "year" }, { planKey: "pro", interval: "month" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "starter", interval: "month" }, { planKey: "pro", interval: "year" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "starter", interval: "year" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "pro", interval: "year" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "pro", interval: "month" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "pro", interval: "year" })).toBe("none");
    // §2: during a trial every change applies at once (L6)
    expect(planChangeKind({ planKey: "pro", interval: "month", status: "trialing" }, { planKey: "starter", interval: "year" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year", status: "trialing" }, { planKey: "pro", interval: "month" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year", status: "trialing" }, { planKey: "pro", interval: "year" })).toBe("none");
  });

  it("requires a paid plan offered at the interval", () => {
    expect(requirePaidPlan("pro", "year").priceCents).toBe(99_000);
    expect(() => requirePaidPlan("free", "month")).toThrow(expect.objectContaining({ code: "free_plan" }));
    expect(() => requirePaidPlan("free", "year")).toThrow(expect.objectContaining({ code: "interval_not_offered" }));
    expect(() => requirePaidPlan("gold", "month")).toThrow(expect.objectContaining({ code: "unknown_plan" }));
  });
});

describe("mirror mapping helpers", () => {
  it("maps prices to catalog plans by lookup key, then metadata", () => {
    expect(planForPrice({ lookup_key: "enterprise_yearly" })).toEqual({ planKey: "enterprise", interval: "year" });
    expect(planForPrice({ lookup_key: null, metadata: { plan_key: "starter" }, recurring: { interval: "month" } })).toEqual({ planKey: "starter", interval: "month" });
    expect(planForPrice({ lookup_key: "credit_pack_1000" })).toBeNull();
    expect(planForPrice({ lookup_key: "pro_api_calls_overage_monthly" })).toBeNull();
  });

  it("reads discounts in both the current (source.coupon) and older (coupon) shapes", () => {
    expect(mapDiscount({ id: "di_1", source: { type: "coupon", coupon: { id: "WELCOME20_ab12cd34", percent_off: 20, amount_off: null, duration: "repeating", metadata: { code: "WELCOME20" } } }, promotion_code: "promo_1", end: null })).toEqual({
      id: "di_1", coupon: "WELCOME20_ab12cd34", code: "WELCOME20", promotionCode: "promo_1", percentOff: 20, amountOffCents: null, duration: "repeating", end: null,
    });
    expect(mapDiscount({ id: "di_2", source: { type: "coupon", coupon: "LAUNCH10" } })).toMatchObject({ coupon: "LAUNCH10", amountOffCents: null });
    // API 2026-10-28.endive has no discount.coupon: a payload carrying only the old field has no coupon
    expect(mapDiscount({ id: "di_3", coupon: { id: "LAUNCH10", amount_off: 1000, percent_off: null, duration: "once" } })).toMatchObject({ coupon: null, amountOffCents: null });
    expect(mapDiscount(null)).toBeNull();
  });

  it("an invoice's subscription is parent.subscription_details.subscription (no invoice.subscription in this API version)", () => {
    const inv = (x: object) => x as unknown as Stripe.Invoice;
    expect(invoiceSubscriptionId(inv({ parent: { type: "subscription_details", subscription_details: { subscription: "sub_1" } } }))).toBe("sub_1");
    expect(invoiceSubscriptionId(inv({ parent: null, subscription: "sub_old" }))).toBeNull();
  });

  it("keeps return URLs on this app", () => {
    expect(appUrl("/billing")).toBe("http://localhost:3000/billing");
    expect(appUrl("/billing", "/billing/done")).toBe("http://localhost:3000/billing/done");
    expect(() => appUrl("/billing", "https://evil.test/x")).toThrow();
    expect(() => appUrl("/billing", "//evil.test/x")).toThrow();
    expect(() => appUrl("/billing", "http://localhost:3000.evil.test/")).toThrow();
  });
});
