import { describe, expect, it } from "vitest";
import { catalog, getPlan } from "@/lib/billing/catalog";
import { checkCodeInCatalog, discountCents, firstInvoicePreview, yearlySaving } from "@/lib/onboarding/first-invoice-preview";
import { validatePlanChoice } from "@/lib/onboarding/choose-plan";
import { applicableSteps, canOpenStep, markDone, nextStep, ONBOARDING_STEPS, progress, STEP_KEYS } from "@/lib/onboarding/steps";

describe("the onboarding step list", () => {
  it("has the six steps in order", () => {
    expect(STEP_KEYS).toEqual(["start", "customer", "payment", "plan", "subscription", "complete"]);
    expect(ONBOARDING_STEPS).toHaveLength(6);
  });

  it("walks the steps in order and resumes at the first unfinished one", () => {
    expect(nextStep({ completed: [], planKey: null })).toBe("start");
    expect(nextStep({ completed: ["start"], planKey: null })).toBe("customer");
    expect(nextStep({ completed: ["start", "customer"], planKey: null })).toBe("payment");
    expect(nextStep({ completed: ["start", "customer", "payment"], planKey: null })).toBe("plan");
    expect(nextStep({ completed: ["start", "customer", "payment", "plan"], planKey: "pro" })).toBe("subscription");
    expect(nextStep({ completed: STEP_KEYS, planKey: "pro" })).toBe("complete");
  });

  it("the free plan skips the payment step; switching to a paid plan brings it back", () => {
    expect(applicableSteps({ planKey: "free" })).toEqual(["start", "customer", "plan", "subscription", "complete"]);
    expect(nextStep({ completed: ["start", "customer"], planKey: "free" })).toBe("plan");
    expect(nextStep({ completed: ["start", "customer", "plan"], planKey: "free" })).toBe("subscription");
    expect(nextStep({ completed: ["start", "customer", "plan"], planKey: "pro" })).toBe("payment");
    expect(progress({ completed: ["start"], planKey: "free" }, "customer")).toMatchObject({ total: 5, position: 2 });
  });

  it("only opens steps whose predecessors are done, and freezes after subscribing", () => {
    const s = { completed: ["start", "customer"], planKey: null };
    expect(canOpenStep("customer", s)).toBe(true);
    expect(canOpenStep("payment", s)).toBe(true);
    expect(canOpenStep("plan", s)).toBe(false);
    expect(canOpenStep("start", s)).toBe(false);
    const subscribed = { completed: ["start", "customer", "payment", "plan", "subscription"], planKey: "pro" };
    expect(canOpenStep("plan", subscribed)).toBe(false);
    expect(canOpenStep("complete", subscribed)).toBe(true);
    expect(canOpenStep("payment", { completed: ["start", "customer"], planKey: "free" })).toBe(false);
  });

  it("markDone is idempotent and keeps list order", () => {
    expect(markDone(["plan", "start"], "customer")).toEqual(["start", "customer", "plan"]);
    expect(markDone(["start"], "start")).toEqual(["start"]);
  });
});

describe("plan step validation and first invoice preview", () => {
  const pro = getPlan("pro")!;
  const starter = getPlan("starter")!;
  const enterprise = getPlan("enterprise")!;
  const at = new Date("2026-03-01T00:00:00Z");

  it("checks codes against the catalog with the reason", () => {
    expect(checkCodeInCatalog(catalog.coupons, " welcome20 ", pro)).toMatchObject({ ok: true });
    expect(checkCodeInCatalog(catalog.coupons, "NOPE", pro)).toEqual({ ok: false, reason: "“NOPE” is not a valid code. Check the spelling." });
    expect(checkCodeInCatalog(catalog.coupons, "PRO50", starter)).toEqual({ ok: false, reason: "PRO50 does not apply to the Starter plan." });
    expect(checkCodeInCatalog(catalog.coupons, "WELCOME20", getPlan("free")!)).toEqual({ ok: false, reason: "Codes apply to paid plans only." });
    expect(checkCodeInCatalog(catalog.coupons, "", pro)).toEqual({ ok: false, reason: "Enter a code." });
  });

  it("validates a plan choice", () => {
    expect(validatePlanChoice({ planKey: "free", interval: "year", discountCode: "WELCOME20" })).toMatchObject({ interval: "month", discountCode: null });
    expect(validatePlanChoice({ planKey: "pro", interval: "year", discountCode: "pro50" })).toMatchObject({ interval: "year", discountCode: "PRO50" });
    expect(() => validatePlanChoice({ planKey: "gold", interval: "month" })).toThrow(/Unknown plan/);
    expect(() => validatePlanChoice({ planKey: "starter", interval: "month", discountCode: "PRO50" })).toThrow("PRO50 does not apply to the Starter plan.");
  });

  it("Pro monthly with WELCOME20: 14-day trial, nothing due today, $79.20 at trial end", () => {
    const coupon = catalog.coupons.find((c) => c.code === "WELCOME20")!;
    expect(firstInvoicePreview(pro, "month", coupon, at)).toEqual({
      planKey: "pro",
      interval: "month",
      subtotalCents: 9_900,
      discountCents: 1_980,
      totalCents: 7_920,
      discountLabel: "WELCOME20: 20% off for 3 months",
      trialDays: 14,
      trialEnd: "2026-03-15T00:00:00.000Z",
      dueTodayCents: 0,
      firstChargeAt: "2026-03-15T00:00:00.000Z",
      firstChargeCents: 7_920,
      renewalCents: 9_900,
    });
  });

  it("no trial → due today; amount-off never exceeds the price", () => {
    const p = firstInvoicePreview(enterprise, "year", catalog.coupons.find((c) => c.code === "LAUNCH10")!, at);
    expect(p).toMatchObject({ subtotalCents: 499_000, discountCents: 1_000, dueTodayCents: 498_000, trialEnd: null, discountLabel: "LAUNCH10: $10.00 off the first invoice" });
    expect(discountCents(500, { amountOffCents: 1_000 })).toBe(500);
    expect(discountCents(999, { percentOff: 50 })).toBe(500);
  });

  it("yearly saving", () => {
    expect(yearlySaving(pro)).toEqual({ cents: 19_800, percent: 17 });
    expect(yearlySaving(getPlan("free")!)).toBeNull();
  });
});
