import { describe, expect, it } from "vitest";
import { planChangeKind, requirePaidPlan } from "../plan-change-kind";
import { planForPrice } from "../plan-for-price";
import { mapDiscount } from "../stripe-mirror-map";
import { appUrl } from "../checkout-urls";

describe("planChangeKind", () => {
  it("classifies upgrades (now) and downgrades (period end)", () => {
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "enterprise", interval: "month" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "enterprise", interval: "month" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "starter", interval: "year" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "pro", interval: "month" }, { planKey: "pro", interval: "year" })).toBe("upgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "pro", interval: "month" })).toBe("downgrade");
    expect(planChangeKind({ planKey: "pro", interval: "year" }, { planKey: "pro", interval: "year" })).toBe("none");
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
    expect(mapDiscount({ id: "di_1", source: { type: "coupon", coupon: { id: "WELCOME20", percent_off: 20, amount_off: null, duration: "repeating" } }, promotion_code: "promo_1", end: null })).toEqual({
      id: "di_1", coupon: "WELCOME20", promotionCode: "promo_1", percentOff: 20, amountOffCents: null, duration: "repeating", end: null,
    });
    expect(mapDiscount({ id: "di_2", coupon: { id: "LAUNCH10", amount_off: 1000, percent_off: null, duration: "once" } })).toMatchObject({ coupon: "LAUNCH10", amountOffCents: 1000 });
    expect(mapDiscount(null)).toBeNull();
  });

  it("keeps return URLs on this app", () => {
    expect(appUrl("/billing")).toBe("http://localhost:3000/billing");
    expect(appUrl("/billing", "/billing/done")).toBe("http://localhost:3000/billing/done");
    expect(() => appUrl("/billing", "https://evil.test/x")).toThrow();
    expect(() => appUrl("/billing", "//evil.test/x")).toThrow();
    expect(() => appUrl("/billing", "http://localhost:3000.evil.test/")).toThrow();
  });
});
