import { describe, expect, it } from "vitest";
import { catalog, catalogInput } from "@/lib/billing/catalog";
import { validateCatalog } from "@/lib/billing/catalog-schema";
import { buildCatalogSpec, priceFingerprint } from "@/lib/billing/catalog-spec";

/** What syncCatalog will create, as a pure function of the catalog. */
describe("buildCatalogSpec", () => {
  const spec = buildCatalogSpec(catalog);

  it("one product per plan and pack, one meter per metered metric, 16 prices, 3 coupons", () => {
    expect(spec.products.map((p) => p.key)).toEqual([
      "product:free", "product:starter", "product:pro", "product:enterprise",
      "product:pack_1000", "product:pack_5000", "product:pack_20000",
    ]);
    expect(spec.meters).toEqual([{ key: "meter:api_calls", eventName: "api_calls", displayName: "API calls" }]);
    expect(spec.prices.filter((p) => p.kind === "price").map((p) => `${p.lookupKey}=${p.unitAmount}`)).toEqual([
      "free_monthly=0", "starter_monthly=2900", "starter_yearly=29000", "pro_monthly=9900", "pro_yearly=99000",
      "enterprise_monthly=49900", "enterprise_yearly=499000",
    ]);
    expect(spec.prices.filter((p) => p.kind === "overage_price")).toHaveLength(6);
    expect(spec.prices.filter((p) => p.kind === "pack_price").map((p) => [p.lookupKey, p.unitAmount, p.recurring])).toEqual([
      ["credit_pack_1000", 1_000, null], ["credit_pack_5000", 4_500, null], ["credit_pack_20000", 16_000, null],
    ]);
    expect(spec.coupons.map((c) => c.code)).toEqual(["WELCOME20", "PRO50", "LAUNCH10"]);
  });

  it("overage tiers: included free (×12 for yearly), then the rate", () => {
    const tiers = (k: string) => spec.prices.find((p) => p.lookupKey === k)!.tiers;
    expect(tiers("enterprise_api_calls_overage_monthly")).toEqual([{ upTo: 100_000, unitAmount: 0 }, { upTo: "inf", unitAmount: 1 }]);
    expect(tiers("enterprise_api_calls_overage_yearly")).toEqual([{ upTo: 1_200_000, unitAmount: 0 }, { upTo: "inf", unitAmount: 1 }]);
  });

  it("zero included units → a single paid tier", () => {
    const c = validateCatalog({
      ...catalogInput,
      plans: catalogInput.plans.map((p) => (p.key === "starter" ? { ...p, limits: { ...p.limits, api_calls: { included: 0, overageUnitAmountCents: 3 } } } : p)),
    });
    const p = buildCatalogSpec(c).prices.find((x) => x.lookupKey === "starter_api_calls_overage_monthly")!;
    expect(p.tiers).toEqual([{ upTo: "inf", unitAmount: 3 }]);
  });

  it("a coupon's id follows its terms, not its name", () => {
    const rename = buildCatalogSpec(validateCatalog({ ...catalogInput, coupons: catalogInput.coupons.map((c) => ({ ...c, name: `${c.name}!` })) }));
    expect(rename.coupons.map((c) => c.id)).toEqual(spec.coupons.map((c) => c.id));
    const reterm = buildCatalogSpec(validateCatalog({ ...catalogInput, coupons: catalogInput.coupons.map((c) => (c.code === "PRO50" ? { ...c, percentOff: 40 } : c)) }));
    expect(reterm.coupons.find((c) => c.code === "PRO50")!.id).not.toBe(spec.coupons.find((c) => c.code === "PRO50")!.id);
    expect(reterm.coupons.find((c) => c.code === "LAUNCH10")!.id).toBe(spec.coupons.find((c) => c.code === "LAUNCH10")!.id);
  });

  it("a price's fingerprint changes with its amount, product or meter only", () => {
    const p = spec.prices.find((x) => x.lookupKey === "pro_monthly")!;
    const fp = priceFingerprint(p, "prod_1", undefined);
    expect(priceFingerprint({ ...p, nickname: "other" }, "prod_1", undefined)).toBe(fp);
    expect(priceFingerprint({ ...p, unitAmount: 9_800 }, "prod_1", undefined)).not.toBe(fp);
    expect(priceFingerprint(p, "prod_2", undefined)).not.toBe(fp);
  });
});
