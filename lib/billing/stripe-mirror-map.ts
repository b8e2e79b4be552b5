import type Stripe from "stripe";
import { planForPrice } from "./plan-for-price";
import { discountAppliesToPlan } from "./discount-in-force";

/**
 * Pure mapping from Stripe objects (API 2026-10-28: periods on subscription items, invoice → subscription
 * through `parent.subscription_details`) to mirror rows. Used only by syncStripeCustomer.
 */
type Loose = Record<string, unknown>;
const d = (unix: unknown): Date | null => (typeof unix === "number" && unix > 0 ? new Date(unix * 1000) : null);
const idOf = (v: unknown): string | null =>
  typeof v === "string" ? v : v && typeof v === "object" && typeof (v as Loose).id === "string" ? ((v as Loose).id as string) : null;

export type SubscriptionItemMirror = {
  id: string;
  priceId: string | null;
  lookupKey: string | null;
  quantity: number;
  unitAmountCents: number | null;
  interval: string | null;
};

export type DiscountMirror = { id: string | null; coupon: string | null; code: string | null; promotionCode: string | null; percentOff: number | null; amountOffCents: number | null; duration: string | null; end: string | null };

/** API 2026-10-28.endive: a discount's coupon is `source.coupon` (there is no `discount.coupon`). */
function couponOf(discount: Loose): Loose | null {
  const source = discount.source as Loose | undefined;
  const c = source?.coupon as unknown;
  return c && typeof c === "object" ? (c as Loose) : null;
}

export function mapDiscount(raw: unknown): DiscountMirror | null {
  if (!raw || typeof raw !== "object") return null;
  const disc = raw as Loose;
  const coupon = couponOf(disc);
  const source = disc.source as Loose | undefined;
  return {
    id: typeof disc.id === "string" ? disc.id : null,
    coupon: coupon ? (idOf(coupon) ?? null) : idOf(source?.coupon),
    // the catalog's code (lib/billing/sync-catalog.ts sets it), which says which plans the code is for
    code: coupon && typeof (coupon.metadata as Loose | undefined)?.code === "string" ? ((coupon.metadata as Loose).code as string) : null,
    promotionCode: idOf(disc.promotion_code),
    percentOff: coupon && typeof coupon.percent_off === "number" ? coupon.percent_off : null,
    amountOffCents: coupon && typeof coupon.amount_off === "number" ? coupon.amount_off : null,
    duration: coupon && typeof coupon.duration === "string" ? coupon.duration : null,
    end: d(disc.end)?.toISOString() ?? null,
  };
}

export type SubscriptionMirror = {
  id: string;
  status: string;
  planKey: string;
  interval: string;
  priceId: string | null;
  quantity: number;
  amountCents: number;
  currency: string;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  latestInvoiceId: string | null;
  items: SubscriptionItemMirror[];
  discount: DiscountMirror[] | null;
  pendingChange: Record<string, unknown> | null;
  createdAt: Date;
};

export function mapSubscription(sub: Stripe.Subscription): SubscriptionMirror {
  const s = sub as unknown as Loose;
  const items = ((sub.items?.data ?? []) as unknown as Loose[]).map((it) => {
    const price = (it.price ?? {}) as Loose;
    return {
      raw: it,
      mirror: {
        id: String(it.id),
        priceId: idOf(price),
        lookupKey: (price.lookup_key as string | null) ?? null,
        quantity: typeof it.quantity === "number" ? it.quantity : 1,
        unitAmountCents: typeof price.unit_amount === "number" ? price.unit_amount : null,
        interval: ((price.recurring as Loose | null)?.interval as string | undefined) ?? null,
      } satisfies SubscriptionItemMirror,
      plan: planForPrice(price as never),
    };
  });
  const main = items.find((i) => i.plan) ?? items[0];
  const planKey = main?.plan?.planKey ?? (sub.metadata?.plan_key || "unknown");
  const interval = main?.plan?.interval ?? main?.mirror.interval ?? "month";
  const quantity = main?.mirror.quantity ?? 1;
  const gross = (main?.mirror.unitAmountCents ?? 0) * quantity;
  const discounts = (Array.isArray(s.discounts) ? (s.discounts as unknown[]) : s.discount ? [s.discount] : [])
    .map(mapDiscount)
    .filter((x): x is DiscountMirror => x !== null);
  let amount = gross;
  for (const disc of discounts) {
    if (!discountAppliesToPlan(disc, planKey)) continue; // PRO50 takes nothing off Starter's price
    if (disc.percentOff) amount = Math.round(amount * (1 - disc.percentOff / 100));
    else if (disc.amountOffCents) amount = Math.max(0, amount - disc.amountOffCents);
  }
  const mainRaw = main?.raw ?? {};
  const periodStart = d(mainRaw.current_period_start) ?? d(s.current_period_start) ?? d(sub.created)!;
  const periodEnd = d(mainRaw.current_period_end) ?? d(s.current_period_end) ?? periodStart;
  const md = sub.metadata ?? {};
  const pendingChange =
    md.pending_plan_key && md.pending_interval && !(md.pending_plan_key === planKey && md.pending_interval === interval)
      ? { planKey: md.pending_plan_key, interval: md.pending_interval, effectiveAt: periodEnd.toISOString(), scheduleId: idOf(s.schedule) }
      : null;
  return {
    id: sub.id,
    status: sub.status,
    planKey,
    interval,
    priceId: main?.mirror.priceId ?? null,
    quantity,
    amountCents: amount,
    currency: sub.currency ?? "usd",
    currentPeriodStart: periodStart,
    currentPeriodEnd: periodEnd,
    trialEnd: d(sub.trial_end),
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
    cancelAt: d(sub.cancel_at),
    canceledAt: d(sub.canceled_at),
    endedAt: d(sub.ended_at),
    latestInvoiceId: idOf(sub.latest_invoice),
    items: items.map((i) => i.mirror),
    discount: discounts.length ? discounts : null,
    pendingChange,
    createdAt: d(sub.created)!,
  };
}

export type InvoiceMirror = {
  id: string;
  subscriptionId: string | null;
  status: string;
  amountDueCents: number;
  amountPaidCents: number;
  totalCents: number;
  subtotalCents: number;
  discountCents: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  number: string | null;
  billingReason: string | null;
  attemptCount: number;
  created: Date;
  paidAt: Date | null;
  lines: unknown[];
  discounts: unknown[] | null;
};

/** API 2026-10-28.endive: `parent.subscription_details.subscription` (there is no `invoice.subscription`). */
export function invoiceSubscriptionId(inv: Stripe.Invoice): string | null {
  return idOf(inv.parent?.subscription_details?.subscription);
}

/**
 * When a past_due subscription became past due, from Stripe's invoices (docs/BILLING.md §8: the grace
 * period runs from then): the first payment attempt on its oldest open, attempted invoice — Stripe
 * attempts a subscription invoice when it finalises it, so that is `status_transitions.finalized_at`
 * (else `created`). null when no such invoice is in `invoices`.
 */
export function pastDueSinceFromInvoices(subscriptionId: string, invoices: Stripe.Invoice[]): Date | null {
  let first: Date | null = null;
  for (const inv of invoices) {
    if (inv.status !== "open" || invoiceSubscriptionId(inv) !== subscriptionId) continue;
    if (!inv.attempted && !(inv.attempt_count > 0)) continue;
    const at = d(inv.status_transitions?.finalized_at) ?? d(inv.created);
    if (at && (!first || at < first)) first = at;
  }
  return first;
}

export function mapInvoice(inv: Stripe.Invoice): InvoiceMirror {
  const i = inv as unknown as Loose;
  const lines = ((inv.lines?.data ?? []) as unknown as Loose[]).map((l) => {
    const parent = l.parent as Loose | null | undefined;
    const det = (parent?.subscription_item_details ?? parent?.invoice_item_details) as Loose | null | undefined;
    const pricing = l.pricing as Loose | null | undefined;
    const priceDetails = pricing?.price_details as Loose | null | undefined;
    const period = l.period as Loose | undefined;
    return {
      id: l.id,
      description: l.description ?? null,
      amountCents: typeof l.amount === "number" ? l.amount : 0,
      priceId: idOf(priceDetails?.price) ?? idOf(l.price),
      quantity: typeof l.quantity === "number" ? l.quantity : null,
      proration: Boolean(det?.proration ?? l.proration),
      periodStart: d(period?.start)?.toISOString() ?? null,
      periodEnd: d(period?.end)?.toISOString() ?? null,
    };
  });
  const discountAmounts = (Array.isArray(i.total_discount_amounts) ? (i.total_discount_amounts as Loose[]) : []).map((x) => ({
    discount: idOf(x.discount),
    amountCents: typeof x.amount === "number" ? x.amount : 0,
  }));
  const discountCents = discountAmounts.reduce((a, x) => a + x.amountCents, 0);
  const transitions = (i.status_transitions ?? {}) as Loose;
  // A subscription invoice's service period is its lines' period (invoice.period_* is the previous one).
  const linePeriods = lines.filter((l) => l.periodStart && l.periodEnd);
  const periodStart = linePeriods.length ? new Date(linePeriods.map((l) => Date.parse(l.periodStart!)).reduce((a, b) => Math.min(a, b))) : d(i.period_start);
  const periodEnd = linePeriods.length ? new Date(linePeriods.map((l) => Date.parse(l.periodEnd!)).reduce((a, b) => Math.max(a, b))) : d(i.period_end);
  return {
    id: String(inv.id),
    subscriptionId: invoiceSubscriptionId(inv),
    status: inv.status ?? "draft",
    amountDueCents: inv.amount_due ?? 0,
    amountPaidCents: inv.amount_paid ?? 0,
    totalCents: inv.total ?? 0,
    subtotalCents: inv.subtotal ?? 0,
    discountCents,
    currency: inv.currency ?? "usd",
    periodStart,
    periodEnd,
    hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
    invoicePdf: inv.invoice_pdf ?? null,
    number: inv.number ?? null,
    billingReason: inv.billing_reason ?? null,
    attemptCount: inv.attempt_count ?? 0,
    created: d(inv.created)!,
    paidAt: d(transitions.paid_at),
    lines,
    discounts: discountAmounts.length ? discountAmounts : null,
  };
}

export type PaymentMethodMirror = {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  created: Date | null;
};

export function mapPaymentMethod(pm: Stripe.PaymentMethod): PaymentMethodMirror {
  return {
    id: pm.id,
    type: pm.type ?? "card",
    brand: pm.card?.brand ?? null,
    last4: pm.card?.last4 ?? null,
    expMonth: pm.card?.exp_month ?? null,
    expYear: pm.card?.exp_year ?? null,
    created: d(pm.created),
  };
}

export { idOf as stripeIdOf };
