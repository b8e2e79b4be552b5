import { describe, expect, it } from "vitest";
import { catalog, catalogInput, getPlan } from "@/lib/billing/catalog";
import { CatalogError, validateCatalog, type CatalogInput } from "@/lib/billing/catalog-schema";

const clone = (): CatalogInput => structuredClone(catalogInput) as CatalogInput;

describe("catalog", () => {
  it("holds the default plans with yearly = 10 × monthly, in integer cents", () => {
    expect(catalog.plans.map((p) => p.key)).toEqual(["free", "starter", "pro", "enterprise"]);
    for (const p of catalog.plans.filter((p) => p.prices.yearly !== null)) expect(p.prices.yearly).toBe(p.prices.monthly * 10);
    expect(getPlan("pro")?.limits.api_calls).toEqual({ included: 10_000, overageUnitAmountCents: 2 });
    expect(getPlan("enterprise")?.limits.tokens?.included).toBeNull();
  });

  it("refuses a paid plan without a price", () => {
    const c = clone();
    c.plans[1]!.prices = { monthly: 0, yearly: null };
    expect(() => validateCatalog(c)).toThrow(/plan starter has no price/);
  });

  it("refuses a negative amount", () => {
    const c = clone();
    c.creditPacks[0]!.priceCents = -5;
    expect(() => validateCatalog(c)).toThrow(CatalogError);
    expect(() => validateCatalog(c)).toThrow(/creditPacks\.0\.priceCents: amounts cannot be negative/);
  });

  it("refuses a duplicate lookup key", () => {
    const c = clone();
    c.plans.push({ ...c.plans[1]!, key: "starter" });
    expect(() => validateCatalog(c)).toThrow(/duplicate (plan key|lookup key): starter/);
  });

  it("refuses a plan missing a metric's limit and an unknown entitlement", () => {
    const c = clone();
    delete (c.plans[2]!.limits as Record<string, unknown>).tokens;
    c.plans[2]!.entitlements = ["teleportation"];
    const err = (() => {
      try {
        validateCatalog(c);
      } catch (e) {
        return e as CatalogError;
      }
    })();
    expect(err?.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/plan pro has no limit for metric tokens/), expect.stringMatching(/unknown feature teleportation/)]),
    );
  });
});
