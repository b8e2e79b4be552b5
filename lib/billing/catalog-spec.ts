import { createHash } from "node:crypto";
import {
  includedInPeriod,
  overageLookupKey,
  packLookupKey,
  priceLookupKey,
  type Catalog,
  type Interval,
} from "./catalog-schema";

/**
 * What the catalog means in Stripe objects: a pure function of the catalog, so syncCatalog only
 * compares and applies. Each object carries a fingerprint of the fields that cannot be edited in
 * Stripe (a price's amount, a coupon's terms): a changed fingerprint means "create a new one".
 *
 * Yearly overage prices include 12 × the monthly allowance (Stripe aggregates a yearly metered
 * price's usage over the whole year): the free first tier is includedInPeriod, the rule the status
 * API and the quota checks use too.
 */
export type ProductSpec = { key: string; name: string; description: string; metadata: Record<string, string> };
export type MeterSpec = { key: string; eventName: string; displayName: string };
export type TierSpec = { upTo: number | "inf"; unitAmount: number };
export type PriceSpec = {
  lookupKey: string;
  kind: "price" | "overage_price" | "pack_price";
  productKey: string;
  nickname: string;
  currency: string;
  /** Per-unit amount (null for tiered prices). */
  unitAmount: number | null;
  recurring: { interval: Interval; meterKey?: string } | null;
  tiers: TierSpec[] | null;
  metadata: Record<string, string>;
};
export type CouponSpec = {
  key: string;
  code: string;
  /** Stripe coupon id: the code plus the terms' fingerprint (new terms → a new coupon). */
  id: string;
  name: string;
  percentOff?: number;
  amountOffCents?: number;
  currency: string;
  duration: "once" | "repeating" | "forever";
  durationInMonths?: number;
  maxRedemptions?: number;
  /** Product keys it is restricted to (empty = unrestricted). */
  productKeys: string[];
};
export type CatalogSpec = { products: ProductSpec[]; meters: MeterSpec[]; prices: PriceSpec[]; coupons: CouponSpec[] };

export const planProductKey = (plan: string) => `product:${plan}`;
export const packProductKey = (pack: string) => `product:${pack}`;
export const meterKey = (metric: string) => `meter:${metric}`;
export const couponKey = (code: string) => `coupon:${code}`;
export const promotionCodeKey = (code: string) => `promotion_code:${code}`;

export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

const INTERVALS: Interval[] = ["month", "year"];

export function buildCatalogSpec(catalog: Catalog): CatalogSpec {
  const currency = catalog.currency;
  const products: ProductSpec[] = [];
  const prices: PriceSpec[] = [];
  const metered = catalog.metrics.filter((m) => m.metered);
  const meters: MeterSpec[] = metered.map((m) => ({ key: meterKey(m.key), eventName: m.key, displayName: m.name }));

  for (const plan of catalog.plans) {
    const productKey = planProductKey(plan.key);
    products.push({ key: productKey, name: plan.name, description: plan.description, metadata: { plan_key: plan.key } });
    for (const interval of INTERVALS) {
      const amount = interval === "month" ? plan.prices.monthly : plan.prices.yearly;
      if (amount === null) continue;
      const label = interval === "month" ? "monthly" : "yearly";
      prices.push({
        lookupKey: priceLookupKey(plan.key, interval),
        kind: "price",
        productKey,
        nickname: `${plan.name} ${label}`,
        currency,
        unitAmount: amount,
        recurring: { interval },
        tiers: null,
        metadata: { plan_key: plan.key, interval },
      });
      for (const metric of metered) {
        const limit = plan.limits[metric.key];
        if (!limit || limit.overageUnitAmountCents === null || limit.included === null) continue;
        const included = includedInPeriod(limit.included, metric.kind, interval)!;
        const tiers: TierSpec[] = included > 0
          ? [{ upTo: included, unitAmount: 0 }, { upTo: "inf", unitAmount: limit.overageUnitAmountCents }]
          : [{ upTo: "inf", unitAmount: limit.overageUnitAmountCents }];
        prices.push({
          lookupKey: overageLookupKey(plan.key, metric.key, interval),
          kind: "overage_price",
          productKey,
          nickname: `${plan.name} ${metric.name} overage (${label})`,
          currency,
          unitAmount: null,
          recurring: { interval, meterKey: meterKey(metric.key) },
          tiers,
          metadata: { plan_key: plan.key, interval, metric: metric.key },
        });
      }
    }
  }
  for (const pack of catalog.creditPacks) {
    const productKey = packProductKey(pack.key);
    products.push({ key: productKey, name: pack.name, description: `${pack.credits.toLocaleString("en-US")} credits that never expire.`, metadata: { pack_key: pack.key, credits: String(pack.credits) } });
    prices.push({
      lookupKey: packLookupKey(pack.key),
      kind: "pack_price",
      productKey,
      nickname: pack.name,
      currency,
      unitAmount: pack.priceCents,
      recurring: null,
      tiers: null,
      metadata: { pack_key: pack.key, credits: String(pack.credits) },
    });
  }
  const coupons: CouponSpec[] = catalog.coupons.map((c) => {
    const terms = {
      percentOff: c.percentOff,
      amountOffCents: c.amountOffCents,
      currency,
      duration: c.duration,
      durationInMonths: c.duration === "repeating" ? c.durationInMonths : undefined,
      maxRedemptions: c.maxRedemptions,
      productKeys: c.appliesToPlans.map(planProductKey).sort(),
    };
    return { key: couponKey(c.code), code: c.code, id: `${c.code}_${fingerprint(terms).slice(0, 8)}`, name: c.name, ...terms };
  });
  return { products, meters, prices, coupons };
}

/** The fields of a price Stripe cannot change: a different fingerprint means a new price. */
export function priceFingerprint(spec: PriceSpec, productId: string, meterId: string | undefined): string {
  return fingerprint({
    product: productId,
    currency: spec.currency,
    unitAmount: spec.unitAmount,
    interval: spec.recurring?.interval ?? null,
    meter: meterId ?? null,
    tiers: spec.tiers,
  });
}
