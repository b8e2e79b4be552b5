import { describe, expect, it } from "vitest";
import { catalog } from "@/lib/billing/catalog";
import { COUPONS, METRICS, PACKS, PLANS } from "./prices";

/**
 * The model copies the price table instead of importing the app's catalog (code, not data): this is
 * the one place the two meet, read-only, so a catalog edit that the model does not know fails here.
 */
describe("the model's price table equals the catalog", () => {
  it("plans: prices, trials, included credits, limits and overage rates", () => {
    const fromCatalog = Object.fromEntries(
      catalog.plans.map((p) => [
        p.key,
        {
          monthly: p.prices.monthly,
          yearly: p.prices.yearly,
          trialDays: p.trialDays,
          includedCredits: p.includedCredits,
          limits: Object.fromEntries(Object.entries(p.limits).map(([k, l]) => [k, { included: l.included, rate: l.overageUnitAmountCents }])),
        },
      ]),
    );
    const fromModel = Object.fromEntries(
      Object.values(PLANS).map((p) => [p.key, { monthly: p.monthly, yearly: p.yearly, trialDays: p.trialDays, includedCredits: p.includedCredits, limits: p.limits }]),
    );
    expect(fromModel).toEqual(fromCatalog);
    expect(Object.values(PLANS).sort((a, b) => a.rank - b.rank).map((p) => p.key)).toEqual(catalog.plans.map((p) => p.key));
  });

  it("metrics, packs and coupons", () => {
    expect(METRICS.map((m) => ({ key: m.key, kind: m.kind, metered: m.metered }))).toEqual(catalog.metrics.map((m) => ({ key: m.key, kind: m.kind, metered: Boolean(m.metered) })));
    expect(PACKS).toEqual(Object.fromEntries(catalog.creditPacks.map((p) => [p.key, { credits: p.credits, priceCents: p.priceCents }])));
    for (const c of catalog.coupons) {
      const m = COUPONS[c.code]!;
      expect([m.percentOff ?? null, m.amountOff ?? null, m.duration, m.months ?? null]).toEqual([
        c.percentOff ?? null,
        c.amountOffCents ?? null,
        c.duration,
        c.duration === "repeating" ? c.durationInMonths : null,
      ]);
      expect(COUPONS[c.code]!.plans ?? []).toEqual(c.appliesToPlans);
    }
  });
});
