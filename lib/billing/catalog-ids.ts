import "server-only";
import { db, type DbOrTx } from "@/db";
import { stripeCatalog } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { overageLookupKey, packLookupKey, priceLookupKey, type Interval } from "./catalog-schema";

/**
 * The Stripe ids syncCatalog recorded, for the modules that create subscriptions, checkouts and
 * meter events. Cached per process; syncCatalog invalidates the cache.
 */
export type CatalogIds = {
  /** Every recorded row, by lookup key (price lookup keys, `product:<key>`, `meter:<metric>`, …). */
  byKey: ReadonlyMap<string, string>;
  /** Recurring plan price (throws a clear 503 when the catalog has not been synced). */
  priceId(plan: string, interval: Interval): string;
  overagePriceId(plan: string, metric: string, interval: Interval): string | undefined;
  packPriceId(pack: string): string;
  productId(planOrPack: string): string;
  meterId(metric: string): string | undefined;
  couponId(code: string): string | undefined;
  promotionCodeId(code: string): string | undefined;
  /** Reverse lookup: which catalog entry a Stripe price id belongs to. */
  describePrice(priceId: string): { lookupKey: string; kind: string } | undefined;
};

const g = globalThis as unknown as { __billingCatalogIds?: Promise<CatalogIds> };

export function invalidateCatalogIds() {
  g.__billingCatalogIds = undefined;
}

export function getCatalogIds(database: DbOrTx = db): Promise<CatalogIds> {
  const load = loadCatalogIds(database);
  if (database !== db) return load;
  g.__billingCatalogIds ??= load.catch((err) => {
    g.__billingCatalogIds = undefined;
    throw err;
  });
  return g.__billingCatalogIds;
}

async function loadCatalogIds(database: DbOrTx): Promise<CatalogIds> {
  const rows = await database.select().from(stripeCatalog);
  const byKey = new Map(rows.map((r) => [r.lookupKey, r.stripeId]));
  const byId = new Map(rows.filter((r) => r.kind.endsWith("price")).map((r) => [r.stripeId, { lookupKey: r.lookupKey, kind: r.kind }]));
  const required = (key: string) => {
    const id = byKey.get(key);
    if (!id) {
      throw new AppError("catalog_not_synced", `The billing catalog is not set up in Stripe yet (${key}). Run npm run stripe:sync.`, 503);
    }
    return id;
  };
  return {
    byKey,
    priceId: (plan, interval) => required(priceLookupKey(plan, interval)),
    overagePriceId: (plan, metric, interval) => byKey.get(overageLookupKey(plan, metric, interval)),
    packPriceId: (pack) => required(packLookupKey(pack)),
    productId: (key) => required(`product:${key}`),
    meterId: (metric) => byKey.get(`meter:${metric}`),
    couponId: (code) => byKey.get(`coupon:${code}`),
    promotionCodeId: (code) => byKey.get(`promotion_code:${code}`),
    describePrice: (priceId) => byId.get(priceId),
  };
}
