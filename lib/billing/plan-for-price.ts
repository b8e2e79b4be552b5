import { catalog } from "./catalog";
import { priceLookupKey, type Interval } from "./catalog-schema";

export type PlanPrice = { planKey: string; interval: Interval };

const byLookupKey = new Map<string, PlanPrice>();
for (const p of catalog.plans) {
  byLookupKey.set(priceLookupKey(p.key, "month"), { planKey: p.key, interval: "month" });
  if (p.prices.yearly !== null) byLookupKey.set(priceLookupKey(p.key, "year"), { planKey: p.key, interval: "year" });
}

/**
 * The catalog plan and interval a Stripe price stands for: its lookup key (`pro_yearly`) first, then
 * `metadata.plan_key` + its recurring interval. Null for prices that are not plan prices (overage, packs).
 */
export function planForPrice(price: {
  lookup_key?: string | null;
  metadata?: Record<string, string> | null;
  recurring?: { interval?: string } | null;
} | null | undefined): PlanPrice | null {
  if (!price) return null;
  if (price.lookup_key && byLookupKey.has(price.lookup_key)) return byLookupKey.get(price.lookup_key)!;
  const key = price.metadata?.plan_key;
  const interval = price.recurring?.interval;
  if (key && catalog.plans.some((p) => p.key === key) && (interval === "month" || interval === "year")) {
    return { planKey: key, interval };
  }
  return null;
}
