import type { Ctx, RouteDef } from "../router";
import { cardError, invalidRequest, missingParam } from "../errors";
import type { FormObject } from "../form";
import { arr, bool, int, mergeMetadata, obj, oneOf, reqStr, str } from "../params";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, saveObject } from "../store";
import { computeItemChanges, loadRecurringPrice } from "../billing/changes";
import { attemptInvoicePayment, invoicePaymentIntentId, invoicePaymentMethod, recordInvoicePayment } from "../billing/invoicing";
import { addInterval } from "../billing/money";
import {
  buildItem, cancelNow, createDiscount, invoiceSubscription, itemsOf, licensedLines, meteredLines,
  pendingLines, periodOf, recurringOf, saveSubscription, setPeriod, settleSubscriptionAfterPayment,
} from "../billing/subscription-engine";
import { endTrial } from "../billing/due-work";
import { resolveDiscount } from "./coupons";
import { listResponse, searchResponse } from "./common";
import { newPaymentIntent } from "../billing/payments";

/** `discounts[i][coupon|promotion_code]` (or the older `coupon` / `promotion_code`) → discount requests. */
export function discountParams(p: FormObject): { coupon?: string; promotion_code?: string }[] | undefined {
  const list = arr(p, "discounts");
  const out: { coupon?: string; promotion_code?: string }[] = [];
  if (list) for (const d of list) if (typeof d === "object" && !Array.isArray(d)) out.push({ coupon: str(d as FormObject, "coupon"), promotion_code: str(d as FormObject, "promotion_code") });
  const coupon = str(p, "coupon");
  const promo = str(p, "promotion_code");
  if (coupon) out.push({ coupon });
  if (promo) out.push({ promotion_code: promo });
  if (!list && !coupon && !promo) return p.discounts === "" ? [] : undefined;
  return out;
}

async function checkPm(ctx: Ctx, pmId: string, customer: string) {
  const pm = await getObject(ctx.tx, pmId, "payment_method", "default_payment_method");
  if (pm.customer !== customer) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`, "default_payment_method", "resource_missing");
  }
}

function trialEndFrom(p: FormObject, prices: StripeObj[], now: number): number | null {
  const te = str(p, "trial_end");
  if (te === "now") return null;
  if (te) {
    const t = int(p, "trial_end")!;
    if (t <= now) throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
    return t;
  }
  const days = int(p, "trial_period_days", { min: 0 }) ?? (bool(p, "trial_from_plan") ? (recurringOf(prices[0]) as { trial_period_days?: number }).trial_period_days : undefined);
  return days ? now + days * 86400 : null;
}

export async function createSubscription(ctx: Ctx) {
  const p = ctx.params;
  const customer = await getObject(ctx.tx, reqStr(p, "customer"), "customer", "customer");
  if (customer.deleted) throw invalidRequest(`No such customer: '${customer.id}'`, "customer", "resource_missing");
  const itemsParam = arr(p, "items");
  if (!itemsParam?.length) throw missingParam("items");
  const now = nowUnix();
  const prices: StripeObj[] = [];
  const quantities: number[] = [];
  for (let i = 0; i < itemsParam.length; i++) {
    const it = itemsParam[i] as FormObject;
    if (typeof it !== "object" || Array.isArray(it)) throw invalidRequest("Invalid items", `items[${i}]`);
    prices.push(await loadRecurringPrice(ctx, str(it, "price") ?? (() => { throw missingParam(`items[${i}][price]`); })(), `items[${i}][price]`));
    quantities.push(int(it, "quantity", { min: 0 }) ?? 1);
  }
  const intervals = new Set(prices.map((pr) => `${recurringOf(pr).interval}/${recurringOf(pr).interval_count}`));
  if (intervals.size > 1) throw invalidRequest("All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.", "items");
  const currency = prices[0].currency as string;
  const pmId = str(p, "default_payment_method") || null;
  if (pmId) await checkPm(ctx, pmId, customer.id);
  const behavior = oneOf(p, "payment_behavior", ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const) ?? "allow_incomplete";
  const trialEnd = trialEndFrom(p, prices, now);
  const r = recurringOf(prices[0]);
  const period = trialEnd ? { start: now, end: trialEnd } : { start: now, end: addInterval(now, r.interval, r.interval_count) };
  const id = stripeId("sub");
  const sub = build("subscription", {
    id, object: "subscription", created: now, customer: customer.id, currency,
    billing_cycle_anchor: period.end === trialEnd ? trialEnd : now,
    billing_cycle_anchor_config: null, billing_mode: { type: "classic", flexible: null },
    cancel_at: null, cancel_at_period_end: false, canceled_at: null, ended_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically", days_until_due: null,
    default_payment_method: pmId, description: str(p, "description") || null, discounts: [],
    items: { object: "list", data: [], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null, metadata: mergeMetadata({}, p), next_pending_invoice_item_invoice: null,
    pause_collection: null, pending_invoice_item_interval: null, pending_setup_intent: null, pending_update: null,
    schedule: null, start_date: now, status: "incomplete", test_clock: customer.test_clock ?? null, transfer_data: null,
    trial_start: trialEnd ? now : null, trial_end: trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    billing_thresholds: null,
  });
  const itemsMeta = itemsParam.map((it) => mergeMetadata({}, it as FormObject));
  (sub.items as { data: unknown[] }).data = prices.map((pr, i) => buildItem(id, pr, quantities[i], period, itemsMeta[i]));
  const wanted = discountParams(p) ?? [];
  const resolved = [];
  for (const d of wanted) resolved.push(await resolveDiscount(ctx, d, { customer: customer.id, param: d.promotion_code ? "promotion_code" : "coupon" }));
  await insertObject(ctx.tx, sub);
  for (const r2 of resolved) sub.discounts = [...(sub.discounts as string[]), (await createDiscount(ctx, { ...r2, customer: customer.id, subscription: id })).id];
  if (trialEnd) sub.status = "trialing";
  await saveObject(ctx.tx, sub);
  await ctx.emit("customer.subscription.created", sub);

  const before = structuredClone(sub);
  const lines = trialEnd
    ? licensedLines(sub, period.start, period.end).map((l) => ({ ...l, amount: 0, description: `Trial period for ${l.description.replace(/ \(at .*\)$/, "")}` }))
    : licensedLines(sub, period.start, period.end);
  const invoice = await invoiceSubscription(ctx, sub, {
    reason: "subscription_create", lines, periodStart: period.start, periodEnd: period.start, offSession: false,
    collect: behavior !== "default_incomplete",
  });
  if (invoice.status === "open" && behavior === "default_incomplete") {
    const pi = newPaymentIntent({ amount: invoice.amount_due as number, currency, customer: customer.id, payment_method: await invoicePaymentMethod(ctx, invoice), description: "Subscription creation" });
    await insertObject(ctx.tx, pi);
    await ctx.emit("payment_intent.created", pi);
    recordInvoicePayment(invoice, pi);
    await saveObject(ctx.tx, invoice);
  }
  if (behavior === "error_if_incomplete") await refuseUnpaid(ctx, invoice);
  if (!trialEnd) {
    if (invoice.status === "paid") sub.status = "active";
    await saveSubscription(ctx, sub, before);
  } else {
    await saveObject(ctx.tx, sub);
  }
  return sub;
}

/**
 * `payment_behavior: error_if_incomplete`: an invoice that could not be paid fails the whole request
 * with the card error (402). Throwing rolls the request's transaction back, so the subscription, the
 * invoice and its events are as if the call never happened — Stripe's documented behaviour.
 */
async function refuseUnpaid(ctx: Ctx, invoice: StripeObj) {
  if (invoice.status === "paid") return;
  const piId = invoicePaymentIntentId(invoice);
  const pi = piId ? await getObject(ctx.tx, piId, "payment_intent") : null;
  const err = pi?.last_payment_error as { code?: string; decline_code?: string; message?: string } | null;
  throw cardError(err?.code ?? "card_declined", err?.message ?? "This customer has no attached payment source or default payment method.", { decline_code: err?.decline_code });
}

async function update(ctx: Ctx) {
  const p = ctx.params;
  const sub = await getObject(ctx.tx, ctx.pathParams.id, "subscription");
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    const allowed = Object.keys(p).every((k) => ["metadata", "cancellation_details", "expand"].includes(k));
    if (!allowed) throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const before = structuredClone(sub);
  const now = nowUnix();
  sub.metadata = mergeMetadata(sub.metadata as Record<string, string>, p);
  const cd = obj(p, "cancellation_details");
  if (cd) sub.cancellation_details = { ...(sub.cancellation_details as object), comment: str(cd, "comment") ?? null, feedback: str(cd, "feedback") ?? null };
  const pmId = str(p, "default_payment_method");
  if (pmId !== undefined) {
    if (pmId) await checkPm(ctx, pmId, sub.customer as string);
    sub.default_payment_method = pmId || null;
  }
  const cape = bool(p, "cancel_at_period_end");
  if (cape !== undefined) {
    sub.cancel_at_period_end = cape;
    sub.cancel_at = cape ? periodOf(sub).end : null;
    sub.canceled_at = cape ? now : null;
    if (!cape) sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
    else sub.cancellation_details = { ...(sub.cancellation_details as object), reason: "cancellation_requested" };
  }
  if (p.cancel_at !== undefined) {
    const at = p.cancel_at === "" ? null : int(p, "cancel_at")!;
    sub.cancel_at = at;
    sub.cancel_at_period_end = at !== null && at === periodOf(sub).end;
    sub.canceled_at = at === null ? null : now;
  }
  const wanted = discountParams(p);
  if (wanted) {
    const ids: string[] = [];
    for (const d of wanted) {
      const r = await resolveDiscount(ctx, d, { customer: sub.customer as string, param: d.promotion_code ? "promotion_code" : "coupon" });
      ids.push((await createDiscount(ctx, { ...r, customer: sub.customer as string, subscription: sub.id })).id);
    }
    sub.discounts = ids;
  }
  const itemsParam = arr(p, "items");
  const behavior = oneOf(p, "proration_behavior", ["create_prorations", "always_invoice", "none"] as const) ?? "create_prorations";
  const payment = oneOf(p, "payment_behavior", ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const) ?? "allow_incomplete";
  if (itemsParam?.length) {
    const at = int(p, "proration_date") ?? now;
    const change = await computeItemChanges(ctx, sub, itemsParam, at, behavior);
    (sub.items as { data: unknown[] }).data = change.items;
    if (change.newPeriod) {
      // interval change: new billing cycle from now, invoiced at once (credit for unused time included)
      const pending = [...(await pendingLines(ctx, sub)), ...change.prorations];
      setPeriod(sub, change.newPeriod.start, change.newPeriod.end);
      sub.billing_cycle_anchor = change.newPeriod.start;
      if (sub.cancel_at_period_end) sub.cancel_at = change.newPeriod.end;
      const invoice = await invoiceSubscription(ctx, sub, {
        reason: "subscription_update", lines: [...pending, ...licensedLines(sub, change.newPeriod.start, change.newPeriod.end)],
        periodStart: now, periodEnd: now, offSession: true,
      });
      if (payment === "error_if_incomplete") await refuseUnpaid(ctx, invoice);
      await saveObject(ctx.tx, sub);
      await settleSubscriptionAfterPayment(ctx, sub, invoice);
      await saveSubscription(ctx, sub, before);
      return sub;
    }
    if (change.prorations.length && behavior === "always_invoice") {
      const invoice = await invoiceSubscription(ctx, sub, {
        reason: "subscription_update", lines: [...(await pendingLines(ctx, sub)), ...change.prorations], periodStart: now, periodEnd: now, offSession: true,
      });
      if (payment === "error_if_incomplete") await refuseUnpaid(ctx, invoice);
      await saveObject(ctx.tx, sub);
      await settleSubscriptionAfterPayment(ctx, sub, invoice);
    } else if (change.prorations.length) {
      for (const l of change.prorations) {
        await insertObject(ctx.tx, build("line_item", {
          id: stripeId("ii"), object: "invoiceitem", created: now, customer: sub.customer, subscription: sub.id, invoice: null,
          amount: l.amount, currency: sub.currency, description: l.description, period: l.period, proration: true,
          quantity: l.quantity, price: l.price, subscription_item: l.subscriptionItem,
        }));
      }
    }
  }
  const te = str(p, "trial_end");
  if (te !== undefined && sub.status === "trialing") {
    if (te === "now") {
      await saveObject(ctx.tx, sub);
      await endTrial(ctx, sub);
      return getObject(ctx.tx, sub.id, "subscription");
    }
    const t = int(p, "trial_end")!;
    if (t <= now) throw invalidRequest("Invalid timestamp: must be in the future.", "trial_end");
    sub.trial_end = t;
    setPeriod(sub, periodOf(sub).start, t);
    sub.billing_cycle_anchor = t;
  }
  await saveSubscription(ctx, sub, before);
  return sub;
}

async function cancel(ctx: Ctx) {
  const sub = await getObject(ctx.tx, ctx.pathParams.id, "subscription");
  if (sub.status === "canceled") throw invalidRequest(`No such subscription: '${sub.id}'`, "id", "resource_missing");
  if (bool(ctx.params, "invoice_now")) {
    const period = periodOf(sub);
    const lines = [...(await pendingLines(ctx, sub)), ...(await meteredLines(ctx, sub, period.start, nowUnix()))];
    if (lines.some((l) => l.amount !== 0)) {
      const invoice = await invoiceSubscription(ctx, sub, { reason: "subscription_cycle", lines, periodStart: period.start, periodEnd: nowUnix(), offSession: true });
      void invoice;
    }
  }
  const cd = obj(ctx.params, "cancellation_details");
  if (cd) sub.cancellation_details = { comment: str(cd, "comment") ?? null, feedback: str(cd, "feedback") ?? null, reason: "cancellation_requested" };
  await cancelNow(ctx, sub, "cancellation_requested");
  return sub;
}

async function list(ctx: Ctx) {
  const p = ctx.params;
  const customer = str(p, "customer");
  const status = str(p, "status");
  const price = str(p, "price");
  return listResponse(ctx, "subscription", {
    customer,
    where: (o) =>
      (status === "all" || (status ? o.status === status : o.status !== "canceled" && o.status !== "incomplete_expired")) &&
      (!price || itemsOf(o).some((it) => it.price.id === price)),
  });
}

/** Pay the latest open invoice again (e.g. after the customer changed card) — used by the portal. */
export async function retryLatestInvoice(ctx: Ctx, sub: StripeObj) {
  if (typeof sub.latest_invoice !== "string") return;
  const invoice = await getObject(ctx.tx, sub.latest_invoice, "invoice");
  if (invoice.status !== "open") return;
  await attemptInvoicePayment(ctx, invoice, { offSession: false });
  await settleSubscriptionAfterPayment(ctx, sub, invoice);
}

export const subscriptionRoutes: RouteDef[] = [
  ["POST", "/v1/subscriptions", createSubscription],
  ["GET", "/v1/subscriptions", list],
  ["GET", "/v1/subscriptions/search", (ctx) => searchResponse(ctx, "subscription")],
  ["GET", "/v1/subscriptions/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "subscription")],
  ["POST", "/v1/subscriptions/:id", update],
  ["DELETE", "/v1/subscriptions/:id", cancel],
  ["GET", "/v1/subscription_items", async (ctx) => {
    const sub = await getObject(ctx.tx, reqStr(ctx.params, "subscription"), "subscription", "subscription");
    return { object: "list", data: itemsOf(sub), has_more: false, url: ctx.path };
  }],
];

