import { catalog } from "./catalog";
import type { CatalogIds } from "./catalog-ids";
import type { Interval } from "./catalog-schema";

/**
 * The one definition of which Stripe prices a subscription on a plan and interval carries
 * (docs/BILLING.md §3: "a plan or interval change leaves exactly the new plan's subscription items"):
 * the plan's recurring price, then one metered overage price per metric that charges overage.
 * Onboarding, checkout, upgrades, previews and scheduled downgrades all build their items from here.
 */
export type PlanItemPrice = { price: string; metric: string | null };

export function planItemPrices(ids: CatalogIds, planKey: string, interval: Interval): PlanItemPrice[] {
  const out: PlanItemPrice[] = [{ price: ids.priceId(planKey, interval), metric: null }];
  for (const m of catalog.metrics) {
    const overage = ids.overagePriceId(planKey, m.key, interval);
    if (overage) out.push({ price: overage, metric: m.key });
  }
  return out;
}

/** Which metric a catalog overage price meters (null for a plan price or a price outside the catalog). */
export function overageMetricOf(ids: CatalogIds, priceId: string | null): string | null {
  if (!priceId) return null;
  const key = ids.describePrice(priceId);
  if (!key || key.kind !== "overage_price") return null;
  return catalog.metrics.find((m) => key.lookupKey.includes(`_${m.key}_overage_`))?.key ?? null;
}

type CurrentItem = { id: string; priceId: string | null; quantity?: number };
export type ItemUpdate = { id?: string; price?: string; quantity?: number; deleted?: boolean };

/**
 * The `items` parameter that moves a subscription from its current items onto exactly the target
 * plan's items: the plan item gets the new price (same quantity), an overage item of the same metric
 * gets the new overage price (the meter's usage stays on one item), and every other item is deleted
 * — above all the old plan's overage items, which otherwise keep pricing usage at the old rate.
 */
export function itemsForPlanChange(ids: CatalogIds, current: readonly CurrentItem[], mainItemId: string, quantity: number, planKey: string, interval: Interval): ItemUpdate[] {
  const target = planItemPrices(ids, planKey, interval);
  const updates: ItemUpdate[] = [{ id: mainItemId, price: target[0]!.price, quantity }];
  const wanted = new Map(target.slice(1).map((t) => [t.metric!, t.price]));
  for (const item of current) {
    if (item.id === mainItemId) continue;
    const metric = overageMetricOf(ids, item.priceId);
    const price = metric ? wanted.get(metric) : undefined;
    if (metric && price) {
      wanted.delete(metric);
      if (price !== item.priceId) updates.push({ id: item.id, price });
    } else {
      updates.push({ id: item.id, deleted: true });
    }
  }
  for (const price of wanted.values()) updates.push({ price });
  return updates;
}
