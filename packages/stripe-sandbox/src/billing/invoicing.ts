import { nowUnix, runtime } from "../runtime";
import type { Session } from "../session";
import { build, stripeId, type StripeObj } from "../shapes";
import { findObject, getObject, insertObject, queryObjects, saveObject } from "../store";
import { customerTaxIds } from "../resources/tax-ids";
import { couponDiscount } from "./money";
import { confirmPaymentIntent, newPaymentIntent, type PaymentResult } from "./payments";

export type LineSpec = {
  amount: number;
  description: string;
  quantity: number | null;
  price: StripeObj | null;
  period: { start: number; end: number };
  proration: boolean;
  subscriptionItem: string | null;
  discountable?: boolean;
  invoiceItem?: string | null;
};

const RETRY_DAYS = [3, 5, 7];
export const MAX_PAYMENT_ATTEMPTS = RETRY_DAYS.length + 1;


/** The product a line bills (its price's), or "" for a line without a price. */
function productOf(line: StripeObj): string {
  const details = (line.pricing as { price_details: { product?: unknown } | null } | undefined)?.price_details;
  const product = details?.product;
  return typeof product === "string" ? product : product && typeof product === "object" ? String((product as { id?: unknown }).id ?? "") : "";
}

function lineObject(spec: LineSpec, invoiceId: string | null, currency: string, subscription: string | null): StripeObj {
  return build("line_item", {
    id: stripeId("il"),
    object: "line_item",
    amount: spec.amount,
    currency,
    description: spec.description,
    discount_amounts: [],
    discountable: spec.discountable ?? true,
    discounts: [],
    invoice: invoiceId,
    metadata: {},
    period: spec.period,
    quantity: spec.quantity,
    subscription,
    parent: spec.subscriptionItem
      ? {
          type: "subscription_item_details",
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: spec.invoiceItem ?? null,
            proration: spec.proration,
            proration_details: { credited_items: null },
            subscription,
            subscription_item: spec.subscriptionItem,
          },
        }
      : {
          type: "invoice_item_details",
          subscription_item_details: null,
          invoice_item_details: { invoice_item: spec.invoiceItem ?? null, proration: spec.proration, proration_details: { credited_items: null }, subscription },
        },
    pricing: spec.price
      ? { type: "price_details", price_details: { price: spec.price.id, product: spec.price.product }, unit_amount_decimal: spec.price.unit_amount_decimal ?? null }
      : { type: "price_details", price_details: null, unit_amount_decimal: null },
    subtotal: spec.amount,
    quantity_decimal: spec.quantity === null ? null : String(spec.quantity),
  });
}

/**
 * Build an invoice (draft, or finalised when `finalize`), with its lines, discounts and totals.
 * `preview` builds the object without storing anything (create_preview).
 */
export async function buildInvoice(
  s: Session,
  input: {
    customer: StripeObj;
    subscription: StripeObj | null;
    lines: LineSpec[];
    billingReason: string;
    periodStart: number;
    periodEnd: number;
    discounts: StripeObj[];
    preview?: boolean;
  },
): Promise<StripeObj> {
  const { customer, subscription } = input;
  const id = input.preview ? `upcoming_${stripeId("in")}` : stripeId("in");
  const currency = (input.lines[0]?.price?.currency as string) ?? (subscription?.currency as string) ?? "usd";
  const lines = input.lines.map((l) => lineObject(l, input.preview ? null : id, currency, (subscription?.id as string) ?? null));
  const subtotal = lines.reduce((a, l) => a + (l.amount as number), 0);
  const discountable = lines.filter((l) => l.discountable).reduce((a, l) => a + (l.amount as number), 0);
  const totalDiscounts: { amount: number; discount: string; eligible: StripeObj[]; base: number }[] = [];
  let remaining = discountable;
  for (const d of input.discounts) {
    const coupon = await findObject(s.tx, (d.source as { coupon: string }).coupon, "coupon");
    if (!coupon) continue;
    // A coupon with `applies_to.products` takes money off only the lines of those products (Stripe's rule).
    const products = (coupon.applies_to as { products?: string[] } | null | undefined)?.products;
    const eligible = lines.filter((l) => l.discountable && (!products || products.includes(productOf(l))));
    const base = Math.min(remaining, eligible.reduce((a, l) => a + (l.amount as number), 0));
    const amount = couponDiscount(coupon, base);
    if (amount > 0) {
      totalDiscounts.push({ amount, discount: d.id, eligible: eligible.filter((l) => (l.amount as number) > 0), base: eligible.reduce((a, l) => a + Math.max(0, l.amount as number), 0) });
      remaining -= amount;
    }
  }
  // spread each discount over its eligible lines, largest remainder last
  for (const td of totalDiscounts) {
    let left = td.amount;
    const eligible = td.eligible;
    eligible.forEach((l, i) => {
      const share = i === eligible.length - 1 ? left : Math.round((td.amount * (l.amount as number)) / td.base);
      left -= share;
      (l.discount_amounts as unknown[]).push({ amount: share, discount: td.discount });
    });
  }
  const discountTotal = totalDiscounts.reduce((a, d) => a + d.amount, 0);
  const total = subtotal - discountTotal;
  const balance = (customer.balance as number) ?? 0;
  let amountDue = total;
  let endingBalance = balance;
  if (total >= 0 && balance < 0) {
    const applied = Math.min(total, -balance);
    amountDue = total - applied;
    endingBalance = balance + applied;
  } else if (total < 0) {
    amountDue = 0;
    endingBalance = balance + total;
  }
  const now = nowUnix();
  return build("invoice", {
    id,
    object: "invoice",
    created: now,
    account_country: "US",
    account_name: "Sandbox",
    amount_due: amountDue,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_overpaid: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: !input.preview,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    currency,
    customer: customer.id,
    customer_email: customer.email ?? null,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_address: customer.address ?? null,
    default_payment_method: null,
    discounts: input.discounts.map((d) => d.id),
    due_date: null,
    effective_at: null,
    ending_balance: input.preview ? null : endingBalance,
    hosted_invoice_url: null,
    invoice_pdf: null,
    last_finalization_error: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    metadata: {},
    next_payment_attempt: null,
    number: null,
    parent: subscription
      ? { type: "subscription_details", quote_details: null, subscription_details: { metadata: subscription.metadata ?? {}, subscription: subscription.id } }
      : null,
    // this API version has no invoice.payment_intent: payments are InvoicePayments (`payments`, expandable)
    payments: { object: "list", data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` },
    period_start: input.periodStart,
    period_end: input.periodEnd,
    starting_balance: balance,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: customer.test_clock ?? null,
    total,
    total_discount_amounts: totalDiscounts.map(({ amount, discount }) => ({ amount, discount })),
    total_excluding_tax: total,
    total_taxes: [],
    total_pretax_credit_amounts: [],
    webhooks_delivered_at: null,
  });
}

/** Store a new draft invoice, then finalise it (number, hosted URL; a zero amount is paid at once). */
export async function createAndFinalize(s: Session, invoice: StripeObj, customer: StripeObj): Promise<StripeObj> {
  await insertObject(s.tx, invoice);
  await s.emit("invoice.created", invoice);
  for (const ii of await queryObjects(s.tx, "invoiceitem", { customer: customer.id, where: (o) => o.invoice === null })) {
    if ((invoice.lines as { data: StripeObj[] }).data.some((l) => (l.parent as Record<string, { invoice_item?: string } | null>)?.subscription_item_details?.invoice_item === ii.id || (l.parent as Record<string, { invoice_item?: string } | null>)?.invoice_item_details?.invoice_item === ii.id)) {
      ii.invoice = invoice.id;
      await saveObject(s.tx, ii);
    }
  }
  return finalizeInvoice(s, invoice, customer);
}

export async function finalizeInvoice(s: Session, invoice: StripeObj, customer: StripeObj): Promise<StripeObj> {
  const now = nowUnix();
  const seq = (customer.next_invoice_sequence as number) ?? 1;
  customer.next_invoice_sequence = seq + 1;
  if (invoice.ending_balance !== null && invoice.ending_balance !== customer.balance) {
    customer.balance = invoice.ending_balance;
  }
  await saveObject(s.tx, customer);
  invoice.number = `${customer.invoice_prefix}-${String(seq).padStart(4, "0")}`;
  // What the invoice prints for the customer is frozen at finalisation (Stripe: customer_* fields).
  invoice.customer_name = customer.name ?? null;
  invoice.customer_email = customer.email ?? null;
  invoice.customer_address = customer.address ?? null;
  invoice.customer_tax_ids = await customerTaxIds(s.tx, customer.id);
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.hosted_invoice_url = `${runtime().hostedUrl}/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${runtime().hostedUrl}/invoices/${invoice.id}/pdf`;
  (invoice.status_transitions as Record<string, unknown>).finalized_at = now;
  await saveObject(s.tx, invoice);
  await s.emit("invoice.finalized", invoice);
  if ((invoice.amount_due as number) === 0) await markPaid(s, invoice);
  return invoice;
}

async function markPaid(s: Session, invoice: StripeObj) {
  const payment = (invoice.payments as { data: Record<string, unknown>[] }).data.find((p) => p.is_default);
  if (payment) {
    Object.assign(payment, { status: "paid", amount_paid: invoice.amount_due });
    (payment.status_transitions as Record<string, unknown>).paid_at = nowUnix();
  }
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.next_payment_attempt = null;
  (invoice.status_transitions as Record<string, unknown>).paid_at = nowUnix();
  await saveObject(s.tx, invoice);
  await s.emit("invoice.paid", invoice);
  await s.emit("invoice.payment_succeeded", invoice);
}

/** The subscription an invoice bills (`parent.subscription_details.subscription` in this API version). */
export function invoiceSubscriptionId(invoice: StripeObj): string | null {
  const parent = invoice.parent as { subscription_details?: { subscription?: unknown } } | null;
  const id = parent?.subscription_details?.subscription;
  return typeof id === "string" ? id : null;
}

/** Attach a PaymentIntent to an invoice as its (new default) InvoicePayment. */
export function recordInvoicePayment(invoice: StripeObj, pi: StripeObj): void {
  const payments = invoice.payments as { data: Record<string, unknown>[] };
  for (const p of payments.data) p.is_default = false;
  payments.data.push({
    id: stripeId("inpay"), object: "invoice_payment", amount_paid: null, amount_requested: pi.amount, created: nowUnix(),
    currency: pi.currency, invoice: invoice.id, is_default: true, livemode: false,
    payment: { type: "payment_intent", payment_intent: pi.id }, status: "open", status_transitions: { canceled_at: null, paid_at: null },
  });
}

/** The PaymentIntent of an invoice's current (default) payment, if any. */
export function invoicePaymentIntentId(invoice: StripeObj): string | null {
  const payments = (invoice.payments as { data?: { is_default?: boolean; payment?: { payment_intent?: unknown } }[] } | undefined)?.data ?? [];
  const id = payments.find((p) => p.is_default)?.payment?.payment_intent;
  return typeof id === "string" ? id : null;
}

/** The payment method an invoice is charged with: explicit, the subscription's, then the customer's default. */
export async function invoicePaymentMethod(s: Session, invoice: StripeObj): Promise<string | null> {
  if (typeof invoice.default_payment_method === "string") return invoice.default_payment_method;
  const subId = invoiceSubscriptionId(invoice);
  if (subId) {
    const sub = await findObject(s.tx, subId, "subscription");
    if (typeof sub?.default_payment_method === "string") return sub.default_payment_method;
  }
  const customer = await getObject(s.tx, invoice.customer as string, "customer");
  const pm = (customer.invoice_settings as Record<string, unknown>).default_payment_method;
  return typeof pm === "string" ? pm : null;
}

/**
 * Attempt to collect an open invoice. Returns the payment result (or "no_payment_method").
 * Failure leaves the invoice open with the next retry scheduled (3, 5, 7 days), until attempts run out.
 */
export async function attemptInvoicePayment(
  s: Session,
  invoice: StripeObj,
  opts: { paymentMethod?: string | null; offSession: boolean },
): Promise<PaymentResult | "no_payment_method" | "paid"> {
  if (invoice.status === "paid") return "paid";
  const pmId = opts.paymentMethod ?? (await invoicePaymentMethod(s, invoice));
  invoice.attempt_count = (invoice.attempt_count as number) + 1;
  invoice.attempted = true;
  const scheduleRetry = () => {
    const n = invoice.attempt_count as number;
    invoice.next_payment_attempt = n <= RETRY_DAYS.length ? nowUnix() + RETRY_DAYS[n - 1] * 86400 : null;
  };
  if (!pmId) {
    scheduleRetry();
    await saveObject(s.tx, invoice);
    await s.emit("invoice.payment_failed", invoice);
    return "no_payment_method";
  }
  const piId = invoicePaymentIntentId(invoice);
  let pi = piId ? await findObject(s.tx, piId, "payment_intent") : null;
  if (!pi || pi.status === "succeeded" || pi.status === "canceled") {
    pi = newPaymentIntent({
      amount: invoice.amount_due as number,
      currency: invoice.currency as string,
      customer: invoice.customer as string,
      description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
      payment_method: pmId,
    });
    await insertObject(s.tx, pi);
    await s.emit("payment_intent.created", pi);
    recordInvoicePayment(invoice, pi);
  } else {
    pi.payment_method = pmId;
  }
  const result = await confirmPaymentIntent(s, pi, { offSession: opts.offSession });
  if (result.outcome === "succeeded") {
    await markPaid(s, invoice);
    return result;
  }
  scheduleRetry();
  await saveObject(s.tx, invoice);
  if (result.outcome === "requires_action") await s.emit("invoice.payment_action_required", invoice);
  else await s.emit("invoice.payment_failed", invoice);
  return result;
}
