import type { Ctx, RouteDef } from "../router";
import { cardError, invalidRequest, missingParam } from "../errors";
import type { FormObject } from "../form";
import { arr, int, obj, oneOf, str } from "../params";
import { nowUnix } from "../runtime";
import type { StripeObj } from "../shapes";
import { findObject, getObject, paginate, saveObject } from "../store";
import { computeItemChanges } from "../billing/changes";
import { attemptInvoicePayment, buildInvoice, invoiceSubscriptionId } from "../billing/invoicing";
import { nextBoundary } from "../billing/money";
import {
  activeDiscounts, itemsOf, licensedLines, meteredLines, pendingLines, periodOf, recurringOf, settleSubscriptionAfterPayment,
} from "../billing/subscription-engine";
import { listResponse, pageParams } from "./common";
import { attachPaymentMethod } from "./payment-methods";

async function pay(ctx: Ctx) {
  const invoice = await getObject(ctx.tx, ctx.pathParams.id, "invoice");
  if (invoice.status === "paid") throw invalidRequest("Invoice is already paid.", undefined, "invoice_already_paid");
  if (invoice.status !== "open") throw invalidRequest(`You can only pay an open invoice (this one is ${String(invoice.status)}).`, undefined, "invoice_not_open");
  let pmId = str(ctx.params, "payment_method") || null;
  if (pmId) pmId = (await attachPaymentMethod(ctx, pmId, invoice.customer as string)).id;
  const result = await attemptInvoicePayment(ctx, invoice, { paymentMethod: pmId, offSession: str(ctx.params, "off_session") === "true" });
  const subId = invoiceSubscriptionId(invoice);
  const sub = subId ? await findObject(ctx.tx, subId, "subscription") : null;
  if (sub) await settleSubscriptionAfterPayment(ctx, sub, invoice);
  if (result === "no_payment_method") {
    throw invalidRequest("This customer has no attached payment source or default payment method.", undefined, "invoice_no_customer_line_items");
  }
  if (typeof result === "object" && result.outcome !== "succeeded") {
    const d = result.decline!;
    throw cardError(d.code, d.message, { decline_code: d.decline_code, payment_intent: result.pi });
  }
  return invoice;
}

async function setStatus(ctx: Ctx, status: "void" | "uncollectible") {
  const invoice = await getObject(ctx.tx, ctx.pathParams.id, "invoice");
  if (invoice.status !== "open") throw invalidRequest(`You can only ${status === "void" ? "void" : "mark uncollectible"} an open invoice.`);
  invoice.status = status;
  invoice.next_payment_attempt = null;
  invoice.auto_advance = false;
  (invoice.status_transitions as Record<string, unknown>)[status === "void" ? "voided_at" : "marked_uncollectible_at"] = nowUnix();
  await saveObject(ctx.tx, invoice);
  await ctx.emit(status === "void" ? "invoice.voided" : "invoice.marked_uncollectible", invoice);
  return invoice;
}

/**
 * POST /v1/invoices/create_preview: the next invoice of a subscription (pending prorations, usage so
 * far, the next period), or of a proposed change (`subscription_details[items]`).
 */
async function preview(ctx: Ctx) {
  const p = ctx.params;
  const details = obj(p, "subscription_details") ?? {};
  const subId = str(p, "subscription");
  const customerId = str(p, "customer");
  if (!subId && !customerId) throw missingParam("customer");
  const sub = subId ? structuredClone(await getObject(ctx.tx, subId, "subscription", "subscription")) : null;
  const customer = await getObject(ctx.tx, customerId ?? (sub!.customer as string), "customer", "customer");
  if (!sub) {
    const lines = [];
    const items = arr(details, "items") ?? [];
    for (const it of items) {
      const price = await getObject(ctx.tx, str(it as FormObject, "price") ?? "", "price", "subscription_details[items][0][price]");
      const now = nowUnix();
      const r = recurringOf(price);
      const q = int(it as FormObject, "quantity") ?? 1;
      lines.push({ amount: (price.unit_amount as number) * q, description: `${q} × ${String(price.nickname ?? price.product)}`, quantity: q, price, period: { start: now, end: nextBoundary(now, now, r.interval, r.interval_count) }, proration: false, subscriptionItem: null });
    }
    return buildInvoice(ctx, { customer, subscription: null, lines, billingReason: "upcoming", periodStart: nowUnix(), periodEnd: nowUnix(), discounts: [], preview: true });
  }
  if (sub.status === "canceled") throw invalidRequest("No upcoming invoices for a canceled subscription.", "subscription", "invoice_upcoming_none");
  const period = periodOf(sub);
  const lines = await pendingLines(ctx, sub);
  const items = arr(details, "items");
  if (items?.length) {
    const behavior = oneOf(details, "proration_behavior", ["create_prorations", "always_invoice", "none"] as const) ?? "create_prorations";
    const at = int(details, "proration_date") ?? nowUnix();
    const change = await computeItemChanges(ctx, sub, items, at, behavior);
    (sub.items as { data: unknown[] }).data = change.items;
    lines.push(...change.prorations);
    if (change.newPeriod) {
      lines.push(...licensedLines(sub, change.newPeriod.start, change.newPeriod.end));
      return buildInvoice(ctx, { customer, subscription: sub, lines, billingReason: "subscription_update", periodStart: at, periodEnd: at, discounts: await activeDiscounts(ctx, sub), preview: true });
    }
  }
  if (sub.cancel_at_period_end && !items?.length) {
    lines.push(...(await meteredLines(ctx, sub, period.start, period.end)));
  } else {
    const r = recurringOf(itemsOf(sub)[0].price);
    const start = sub.status === "trialing" ? (sub.trial_end as number) : period.end;
    const end = nextBoundary(sub.status === "trialing" ? start : (sub.billing_cycle_anchor as number), start, r.interval, r.interval_count);
    lines.push(...(await meteredLines(ctx, sub, period.start, period.end)), ...licensedLines(sub, start, end));
  }
  const inv = await buildInvoice(ctx, {
    customer, subscription: sub, lines, billingReason: "upcoming", periodStart: period.start, periodEnd: period.end,
    discounts: await activeDiscounts(ctx, sub), preview: true,
  });
  inv.next_payment_attempt = sub.status === "trialing" ? sub.trial_end : period.end;
  return inv;
}

async function list(ctx: Ctx) {
  const p = ctx.params;
  const customer = str(p, "customer");
  const subscription = str(p, "subscription");
  const status = str(p, "status");
  return listResponse(ctx, "invoice", {
    customer,
    where: (o) => (!subscription || invoiceSubscriptionId(o) === subscription) && (!status || o.status === status),
  });
}

async function lines(ctx: Ctx) {
  const invoice = await getObject(ctx.tx, ctx.pathParams.id, "invoice");
  return paginate((invoice.lines as { data: StripeObj[] }).data, pageParams(ctx.params), ctx.path);
}

export const invoiceRoutes: RouteDef[] = [
  ["GET", "/v1/invoices", list],
  ["POST", "/v1/invoices/create_preview", preview],
  ["GET", "/v1/invoices/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "invoice")],
  ["GET", "/v1/invoices/:id/lines", lines],
  ["POST", "/v1/invoices/:id/pay", pay],
  ["POST", "/v1/invoices/:id/void", (ctx) => setStatus(ctx, "void")],
  ["POST", "/v1/invoices/:id/mark_uncollectible", (ctx) => setStatus(ctx, "uncollectible")],
];
