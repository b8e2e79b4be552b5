import { invalidRequest, missingParam, resourceMissing } from "../errors";
import type { FormObject, FormValue } from "../form";
import { bool, int, str } from "../params";
import type { Session } from "../session";
import type { StripeObj } from "../shapes";
import { getObject } from "../store";
import { addInterval, fmtDate, prorate, priceAmount } from "./money";
import type { LineSpec } from "./invoicing";
import { buildItem, itemsOf, periodOf, planFromPrice, recurringOf, type Item } from "./subscription-engine";

export async function loadRecurringPrice(s: Session, id: string, param: string): Promise<StripeObj> {
  const price = await getObject(s.tx, id, "price", param);
  if (price.type !== "recurring") throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, param);
  if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, param);
  return price;
}

export type ItemChange = { items: Item[]; prorations: LineSpec[]; intervalChanged: boolean; newPeriod: { start: number; end: number } | null };

/**
 * Apply `items[...]` changes to a copy of the subscription's items and compute the proration lines
 * (exact integer cents by seconds remaining in the period, from `at`).
 */
export async function computeItemChanges(s: Session, sub: StripeObj, itemsParam: FormValue[], at: number, prorationBehavior: string): Promise<ItemChange> {
  const current = itemsOf(sub);
  const period = periodOf(sub);
  const next: Item[] = current.map((it) => structuredClone(it));
  const changed: { before: Item | null; after: Item | null }[] = [];
  for (let i = 0; i < itemsParam.length; i++) {
    const raw = itemsParam[i];
    if (typeof raw !== "object" || Array.isArray(raw)) throw invalidRequest("Invalid items", `items[${i}]`);
    const p = raw as FormObject;
    const id = str(p, "id");
    const priceId = str(p, "price");
    const quantity = int(p, "quantity", { min: 0 });
    if (id) {
      const idx = next.findIndex((it) => it.id === id);
      if (idx < 0) throw resourceMissing("subscription item", id, `items[${i}][id]`);
      const before = structuredClone(next[idx]);
      if (bool(p, "deleted")) {
        next.splice(idx, 1);
        changed.push({ before, after: null });
        continue;
      }
      if (priceId) {
        const price = await loadRecurringPrice(s, priceId, `items[${i}][price]`);
        next[idx].price = price;
        next[idx].plan = planFromPrice(price);
        if (recurringOf(price).usage_type === "metered") delete next[idx].quantity;
        else next[idx].quantity = next[idx].quantity ?? 1;
      }
      if (quantity !== undefined && recurringOf(next[idx].price).usage_type !== "metered") next[idx].quantity = quantity;
      changed.push({ before, after: next[idx] });
    } else {
      if (!priceId) throw missingParam(`items[${i}][price]`);
      const price = await loadRecurringPrice(s, priceId, `items[${i}][price]`);
      const item = buildItem(sub.id, price, quantity ?? 1, period);
      next.push(item);
      changed.push({ before: null, after: item });
    }
  }
  if (next.length === 0) throw invalidRequest("A subscription must have at least one item.", "items");
  const intervals = new Set(next.map((it) => `${recurringOf(it.price).interval}/${recurringOf(it.price).interval_count}`));
  if (intervals.size > 1) throw invalidRequest("All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.", "items");
  const oldInterval = `${recurringOf(current[0].price).interval}/${recurringOf(current[0].price).interval_count}`;
  const intervalChanged = !intervals.has(oldInterval);

  const prorations: LineSpec[] = [];
  const trialing = sub.status === "trialing";
  const amountOf = (it: Item | null) => (it && recurringOf(it.price).usage_type !== "metered" ? priceAmount(it.price, it.quantity ?? 1) : 0);
  if (!trialing && prorationBehavior !== "none") {
    for (const ch of changed) {
      const oldAmt = amountOf(ch.before);
      const credit = ch.before && oldAmt > 0 ? prorate(oldAmt, period.start, period.end, at) : 0;
      if (credit > 0) {
        prorations.push({
          amount: -credit,
          description: `Unused time on ${String(ch.before!.price.nickname ?? ch.before!.price.product)} after ${fmtDate(at)}`,
          quantity: ch.before!.quantity ?? 1, price: ch.before!.price, period: { start: at, end: period.end }, proration: true, subscriptionItem: ch.before!.id,
        });
      }
      if (!intervalChanged) {
        const newAmt = amountOf(ch.after);
        const debit = ch.after && newAmt > 0 ? prorate(newAmt, period.start, period.end, at) : 0;
        if (debit > 0) {
          prorations.push({
            amount: debit,
            description: `Remaining time on ${String(ch.after!.price.nickname ?? ch.after!.price.product)} after ${fmtDate(at)}`,
            quantity: ch.after!.quantity ?? 1, price: ch.after!.price, period: { start: at, end: period.end }, proration: true, subscriptionItem: ch.after!.id,
          });
        }
      }
    }
  }
  let newPeriod: { start: number; end: number } | null = null;
  if (intervalChanged && !trialing) {
    const r = recurringOf(next[0].price);
    newPeriod = { start: at, end: addInterval(at, r.interval, r.interval_count) };
  }
  return { items: next, prorations, intervalChanged, newPeriod };
}
