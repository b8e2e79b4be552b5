import { nowUnix } from "../runtime";
import type { Session } from "../session";
import { previousAttributes } from "../session";
import { build, stripeId, type StripeObj } from "../shapes";
import { findObject, getObject, insertObject, queryObjects, saveObject } from "../store";
import { meterUsage } from "../resources/meters";
import { addInterval, fmtDate, priceAmount } from "./money";
import { attemptInvoicePayment, buildInvoice, createAndFinalize, invoiceSubscriptionId, MAX_PAYMENT_ATTEMPTS, type LineSpec } from "./invoicing";

export type Item = StripeObj & { price: StripeObj; quantity?: number; current_period_start: number; current_period_end: number };

export const itemsOf = (sub: StripeObj) => (sub.items as { data: Item[] }).data;
export const periodOf = (sub: StripeObj) => ({ start: itemsOf(sub)[0].current_period_start, end: itemsOf(sub)[0].current_period_end });
export const recurringOf = (price: StripeObj) => price.recurring as { interval: string; interval_count: number; usage_type: string; meter: string | null };

export function planFromPrice(price: StripeObj) {
  const r = recurringOf(price);
  return {
    id: price.id, object: "plan", active: price.active, amount: price.unit_amount, amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme, created: price.created, currency: price.currency, interval: r.interval,
    interval_count: r.interval_count, livemode: false, metadata: price.metadata, meter: r.meter, nickname: price.nickname,
    product: price.product, tiers_mode: price.tiers_mode, transform_usage: null, trial_period_days: null, usage_type: r.usage_type,
  };
}

export function buildItem(subId: string, price: StripeObj, quantity: number, period: { start: number; end: number }, metadata: Record<string, string> = {}): Item {
  const metered = recurringOf(price).usage_type === "metered";
  const item = build("subscription_item", {
    id: stripeId("si"),
    object: "subscription_item",
    created: nowUnix(),
    billing_thresholds: null,
    current_period_start: period.start,
    current_period_end: period.end,
    discounts: [],
    metadata,
    plan: planFromPrice(price),
    price,
    ...(metered ? {} : { quantity }),
    subscription: subId,
    tax_rates: [],
  }) as Item;
  if (metered) delete item.quantity; // Stripe omits quantity on metered items
  return item;
}

export function setPeriod(sub: StripeObj, start: number, end: number) {
  for (const it of itemsOf(sub)) {
    it.current_period_start = start;
    it.current_period_end = end;
  }
}

/** Licensed items billed in advance for [start, end). */
export function licensedLines(sub: StripeObj, start: number, end: number): LineSpec[] {
  return itemsOf(sub)
    .filter((it) => recurringOf(it.price).usage_type !== "metered")
    .map((it) => ({
      amount: priceAmount(it.price, it.quantity ?? 1),
      description: `${it.quantity ?? 1} × ${String(it.price.nickname ?? it.price.product)} (at ${((Number(it.price.unit_amount ?? 0)) / 100).toFixed(2)} / ${recurringOf(it.price).interval})`,
      quantity: it.quantity ?? 1,
      price: it.price,
      period: { start, end },
      proration: false,
      subscriptionItem: it.id,
    }));
}

/** Metered items billed in arrears from meter events in [start, end), through their (graduated) tiers. */
export async function meteredLines(s: Session, sub: StripeObj, start: number, end: number): Promise<LineSpec[]> {
  const out: LineSpec[] = [];
  for (const it of itemsOf(sub)) {
    const r = recurringOf(it.price);
    if (r.usage_type !== "metered" || !r.meter) continue;
    const meter = await findObject(s.tx, r.meter, "billing.meter");
    if (!meter) continue;
    const usage = await meterUsage(s.tx, meter, sub.customer as string, start, end);
    out.push({
      amount: priceAmount(it.price, usage),
      description: `${usage} × ${String(it.price.nickname ?? meter.display_name)} (usage ${fmtDate(start)} – ${fmtDate(end)})`,
      quantity: usage,
      price: it.price,
      period: { start, end },
      proration: false,
      subscriptionItem: it.id,
    });
  }
  return out;
}

/** Pending invoice items (prorations) of this subscription not yet on an invoice. */
export async function pendingLines(s: Session, sub: StripeObj): Promise<LineSpec[]> {
  const items = await queryObjects(s.tx, "invoiceitem", { customer: sub.customer as string, where: (o) => o.invoice === null && o.subscription === sub.id });
  return items.reverse().map((ii) => ({
    amount: ii.amount as number,
    description: ii.description as string,
    quantity: (ii.quantity as number) ?? 1,
    price: (ii.price as StripeObj) ?? null,
    period: ii.period as { start: number; end: number },
    proration: Boolean(ii.proration),
    subscriptionItem: (ii.subscription_item as string) ?? null,
    invoiceItem: ii.id,
  }));
}

/** Discounts of a subscription still in force (expired ones are removed). */
export async function activeDiscounts(s: Session, sub: StripeObj): Promise<StripeObj[]> {
  const out: StripeObj[] = [];
  for (const id of (sub.discounts as string[]) ?? []) {
    const d = await findObject(s.tx, id, "discount");
    if (d && (d.end === null || (d.end as number) > nowUnix())) out.push(d);
  }
  return out;
}

export async function createDiscount(s: Session, input: { coupon: StripeObj; promotionCode: StripeObj | null; customer: string; subscription: string | null }) {
  const start = nowUnix();
  const c = input.coupon;
  const end = c.duration === "repeating" ? addInterval(start, "month", c.duration_in_months as number) : null;
  const d = build("discount", {
    id: stripeId("di"),
    object: "discount",
    checkout_session: null,
    customer: input.customer,
    end,
    invoice: null,
    invoice_item: null,
    promotion_code: input.promotionCode?.id ?? null,
    source: { coupon: c.id, type: "coupon" },
    start,
    subscription: input.subscription,
    subscription_item: null,
  });
  await insertObject(s.tx, d);
  c.times_redeemed = (c.times_redeemed as number) + 1;
  await saveObject(s.tx, c);
  if (input.promotionCode) {
    input.promotionCode.times_redeemed = (input.promotionCode.times_redeemed as number) + 1;
    await saveObject(s.tx, input.promotionCode);
  }
  return d;
}

/**
 * Invoice a subscription: build, finalise and (if anything is due) charge the default payment
 * method; then move the subscription's status from the outcome. Returns the invoice.
 */
export async function invoiceSubscription(
  s: Session,
  sub: StripeObj,
  input: { reason: string; lines: LineSpec[]; periodStart: number; periodEnd: number; offSession: boolean; collect?: boolean },
): Promise<StripeObj> {
  const customer = await getObject(s.tx, sub.customer as string, "customer");
  const discounts = await activeDiscounts(s, sub);
  const invoice = await buildInvoice(s, {
    customer, subscription: sub, lines: input.lines, billingReason: input.reason,
    periodStart: input.periodStart, periodEnd: input.periodEnd, discounts,
  });
  await createAndFinalize(s, invoice, customer);
  sub.latest_invoice = invoice.id;
  // "once" coupons are used up by the first invoice that applied them
  const used = new Set((invoice.total_discount_amounts as { discount: string }[]).map((d) => d.discount));
  for (const d of discounts) {
    const coupon = (d.source as { coupon: string }).coupon;
    const c = await findObject(s.tx, coupon, "coupon");
    if (c?.duration === "once" && used.has(d.id)) {
      d.end = nowUnix();
      await saveObject(s.tx, d);
      sub.discounts = (sub.discounts as string[]).filter((x) => x !== d.id);
    }
  }
  if (invoice.status === "open" && input.collect !== false) {
    await attemptInvoicePayment(s, invoice, { offSession: input.offSession });
  }
  return invoice;
}

/** After a payment attempt on one of its invoices, move the subscription's status. */
export async function settleSubscriptionAfterPayment(s: Session, sub: StripeObj, invoice: StripeObj): Promise<void> {
  const before = structuredClone(sub);
  if (invoice.status === "paid") {
    if (["incomplete", "past_due", "unpaid"].includes(sub.status as string)) sub.status = "active";
  } else if (invoice.status === "open") {
    if (invoice.billing_reason === "subscription_create") sub.status = "incomplete";
    else if (sub.status !== "canceled") sub.status = "past_due";
    if ((invoice.attempt_count as number) >= MAX_PAYMENT_ATTEMPTS && invoice.billing_reason !== "subscription_create") {
      await cancelNow(s, sub, "payment_failed", before);
      return;
    }
  }
  await saveSubscription(s, sub, before);
}

export async function saveSubscription(s: Session, sub: StripeObj, before: StripeObj) {
  await saveObject(s.tx, sub);
  const prev = previousAttributes(before, sub);
  if (prev) await s.emit("customer.subscription.updated", sub, prev);
}

export async function cancelNow(s: Session, sub: StripeObj, reason: string, before = structuredClone(sub)) {
  const now = nowUnix();
  sub.status = "canceled";
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancel_at = null;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
  await saveObject(s.tx, sub);
  for (const inv of await queryObjects(s.tx, "invoice", { customer: sub.customer as string, where: (o) => invoiceSubscriptionId(o) === sub.id && o.status === "open" })) {
    inv.next_payment_attempt = null;
    inv.auto_advance = false;
    await saveObject(s.tx, inv);
  }
  void before;
  await s.emit("customer.subscription.deleted", sub);
}
