import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { clock, sandbox } from "./harness";

const advanceSandboxClock = sandbox.clock.advance;
const { nowUnix } = clock;
import { expectStripeShape } from "./shape";
import { customerWithCard, makePlan, periodOf, stripe, uid } from "./helpers";

describe("sandbox subscriptions and invoices", () => {
  it("creates an active subscription, invoices and charges the first period", async () => {
    const { month } = await makePlan(2900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], expand: ["latest_invoice.payments", "customer"] });
    expect(sub.id).toMatch(/^sub_/);
    expect(sub.status).toBe("active");
    expect((sub.customer as Stripe.Customer).id).toBe(customer.id);
    expectStripeShape(sub, "subscription");
    expectStripeShape(sub.items.data[0], "subscription_item");
    const p = periodOf(sub);
    expect(p.end - p.start).toBeGreaterThanOrEqual(28 * 86400);
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv).toMatchObject({ status: "paid", amount_due: 2900, amount_paid: 2900, amount_remaining: 0, subtotal: 2900, total: 2900, billing_reason: "subscription_create", customer: customer.id });
    // this API version: the invoice's PaymentIntent is in its payments, not invoice.payment_intent
    expect(inv).not.toHaveProperty("payment_intent");
    expect(inv).not.toHaveProperty("subscription");
    expect(inv.parent?.subscription_details?.subscription).toBe(sub.id);
    const payment = inv.payments!.data[0];
    expect(payment).toMatchObject({ status: "paid", amount_paid: 2900, is_default: true, payment: { type: "payment_intent" } });
    expect((await stripe.paymentIntents.retrieve(payment.payment.payment_intent as string)).status).toBe("succeeded");
    expect(inv.hosted_invoice_url).toMatch(/\/sandbox\/invoices\/in_/);
    expect(inv.number).toMatch(/-0001$/);
    expectStripeShape(inv, "invoice");
    expectStripeShape(inv.lines.data[0], "line_item");
    expect(inv.lines.data[0]).toMatchObject({ amount: 2900, quantity: 1, period: { start: p.start, end: p.end } });

    const list = await stripe.subscriptions.list({ customer: customer.id });
    expect(list.data.map((s) => s.id)).toEqual([sub.id]);
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((i) => i.id)).toEqual([inv.id]);
  });

  it("payment_behavior: allow_incomplete → incomplete, error_if_incomplete → 402 and nothing created, default_incomplete → PI to confirm", async () => {
    const { month } = await makePlan(1500);
    const { customer } = await customerWithCard("4000000000000341");
    const inc = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], expand: ["latest_invoice"] });
    expect(inc.status).toBe("incomplete");
    expect((inc.latest_invoice as Stripe.Invoice).status).toBe("open");

    const err = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], payment_behavior: "error_if_incomplete" }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([err.statusCode, err.code, err.decline_code]).toEqual([402, "card_declined", "generic_decline"]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data.map((s) => s.id)).toEqual([inc.id]);

    const { customer: c2, pm } = await customerWithCard();
    const di = await stripe.subscriptions.create({ customer: c2.id, items: [{ price: month.id }], payment_behavior: "default_incomplete", expand: ["latest_invoice.payments"] });
    expect(di.status).toBe("incomplete");
    const pi = await stripe.paymentIntents.retrieve((di.latest_invoice as Stripe.Invoice).payments!.data[0].payment.payment_intent as string);
    expect(pi.status).toBe("requires_confirmation");
    const paid = await stripe.invoices.pay((di.latest_invoice as Stripe.Invoice).id!, { payment_method: pm.id });
    expect(paid.status).toBe("paid");
    expect((await stripe.subscriptions.retrieve(di.id)).status).toBe("active");
  });

  it("upgrade mid-period with always_invoice: exact proration by seconds, charged at once", async () => {
    const { month: starter } = await makePlan(2900);
    const { month: pro } = await makePlan(9900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: starter.id }] });
    const { start, end } = periodOf(sub);
    await advanceSandboxClock(10 * 86400 * 1000);
    const at = nowUnix();
    const up = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: pro.id }], proration_behavior: "always_invoice", proration_date: at, expand: ["latest_invoice"],
    });
    const inv = up.latest_invoice as Stripe.Invoice;
    const credit = -Math.round((2900 * (end - at)) / (end - start));
    const debit = Math.round((9900 * (end - at)) / (end - start));
    expect(inv.lines.data.map((l) => l.amount)).toEqual([credit, debit]);
    expect([inv.total, inv.amount_paid, inv.status, inv.billing_reason]).toEqual([credit + debit, credit + debit, "paid", "subscription_update"]);
    expect(up.items.data[0].price.id).toBe(pro.id);
    expect(up.items.data[0].id).toBe(sub.items.data[0].id);
    expect(periodOf(up)).toEqual({ start, end });
  });

  it("create_prorations leaves pending items for the next invoice (preview shows them); none changes nothing", async () => {
    const { month: a } = await makePlan(2000);
    const { month: b } = await makePlan(5000);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }] });
    const { start, end } = periodOf(sub);
    const at = start + Math.floor((end - start) / 2);
    await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: b.id }], proration_behavior: "create_prorations", proration_date: at });
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    const credit = -Math.round((2000 * (end - at)) / (end - start));
    const debit = Math.round((5000 * (end - at)) / (end - start));
    expect(preview.lines.data.map((l) => l.amount)).toEqual([credit, debit, 5000]);
    expect(preview.total).toBe(credit + debit + 5000);
    expectStripeShape(preview, "invoice");

    const { month: c } = await makePlan(7000);
    const none = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: c.id }], proration_behavior: "none" });
    expect(none.items.data[0].price.id).toBe(c.id);
    const preview2 = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(preview2.lines.data.map((l) => l.amount)).toEqual([credit, debit, 7000]);

    const what = await stripe.invoices.createPreview({
      customer: customer.id, subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, price: a.id }], proration_date: at },
    });
    expect(what.lines.data.map((l) => l.amount)).toEqual([
      credit, debit, -Math.round((7000 * (end - at)) / (end - start)), Math.round((2000 * (end - at)) / (end - start)), 2000,
    ]);
  });

  it("monthly → yearly resets the cycle and invoices the year at once with a credit", async () => {
    const { month, year } = await makePlan(1000, { yearly: 10000 });
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }] });
    const { start, end } = periodOf(sub);
    const at = nowUnix();
    const up = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: year!.id }], proration_date: at, expand: ["latest_invoice"] });
    const inv = up.latest_invoice as Stripe.Invoice;
    const credit = -Math.round((1000 * (end - at)) / (end - start));
    expect(inv.lines.data.map((l) => l.amount)).toEqual([credit, 10000]);
    expect(inv.status).toBe("paid");
    expect(periodOf(up).start).toBe(at);
    expect(periodOf(up).end - at).toBeGreaterThanOrEqual(365 * 86400);
  });

  it("discounts: promotion code on create (percent, forever), coupon once; promo limits enforced", async () => {
    const { month } = await makePlan(2900);
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: "forever" });
    const code = `SAVE${uid().toUpperCase()}`;
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code, max_redemptions: 1 });
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], discounts: [{ promotion_code: promo.id }], expand: ["latest_invoice", "discounts"] });
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect([inv.subtotal, inv.total, inv.amount_paid]).toEqual([2900, 2320, 2320]);
    expect(inv.total_discount_amounts?.[0].amount).toBe(580);
    expect((sub.discounts[0] as Stripe.Discount).promotion_code).toBe(promo.id);
    expectStripeShape(sub.discounts[0], "discount");
    expect((await stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    const { customer: c2 } = await customerWithCard();
    const used = await stripe.subscriptions.create({ customer: c2.id, items: [{ price: month.id }], discounts: [{ promotion_code: promo.id }] }).catch((e) => e);
    expect(used.statusCode).toBe(400);
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(preview.total).toBe(2320);

    const firstOnly = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, restrictions: { first_time_transaction: true } });
    const notFirst = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], discounts: [{ promotion_code: firstOnly.id }] }).catch((e) => e);
    expect([notFirst.statusCode, notFirst.param]).toEqual([400, "promotion_code"]);
    const expired = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, expires_at: nowUnix() + 60 });
    await advanceSandboxClock(120_000);
    const late = await stripe.subscriptions.create({ customer: c2.id, items: [{ price: month.id }], discounts: [{ promotion_code: expired.id }] }).catch((e) => e);
    expect(late.message).toBe("This promotion code has expired.");

    const once = await stripe.coupons.create({ amount_off: 1000, currency: "usd", duration: "once" });
    const s2 = await stripe.subscriptions.create({ customer: c2.id, items: [{ price: month.id }], discounts: [{ coupon: once.id }], expand: ["latest_invoice"] });
    expect((s2.latest_invoice as Stripe.Invoice).total).toBe(1900);
    const next = await stripe.invoices.createPreview({ customer: c2.id, subscription: s2.id });
    expect(next.total).toBe(2900);
  });

  it("a coupon with applies_to.products discounts only those products' lines", async () => {
    const pro = await makePlan(9900);
    const other = await makePlan(2900);
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: "once", applies_to: { products: [pro.product.id] } });
    const { customer } = await customerWithCard();
    // an invoice of another product only: nothing off, and the "once" coupon is not used up
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: other.month.id }], discounts: [{ coupon: coupon.id }], expand: ["latest_invoice"] });
    const first = sub.latest_invoice as Stripe.Invoice;
    expect([first.subtotal, first.total, first.total_discount_amounts]).toEqual([2900, 2900, []]);
    // both products on one invoice: 50 % off the Pro line only
    const { customer: c2 } = await customerWithCard();
    const both = await stripe.subscriptions.create({ customer: c2.id, items: [{ price: pro.month.id }, { price: other.month.id }], discounts: [{ coupon: coupon.id }], expand: ["latest_invoice"] });
    const inv = both.latest_invoice as Stripe.Invoice;
    expect([inv.subtotal, inv.total, inv.total_discount_amounts?.map((d) => d.amount)]).toEqual([12800, 12800 - 4950, [4950]]);
    const lines = inv.lines.data.map((l) => [l.amount, (l.discount_amounts ?? []).reduce((a, d) => a + d.amount, 0)]);
    expect(lines.sort((a, b) => b[0] - a[0])).toEqual([[9900, 4950], [2900, 0]]);
  });

  it("cancel at period end, resume, cancel now", async () => {
    const { month } = await makePlan(2900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }] });
    const c = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect([c.cancel_at_period_end, c.cancel_at, c.status]).toEqual([true, periodOf(sub).end, "active"]);
    expect(c.canceled_at).not.toBeNull();
    const r = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect([r.cancel_at_period_end, r.cancel_at, r.canceled_at]).toEqual([false, null, null]);
    const gone = await stripe.subscriptions.cancel(sub.id);
    expect([gone.status, typeof gone.ended_at]).toEqual(["canceled", "number"]);
    const again = await stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: month.id }] }).catch((e) => e);
    expect(again.statusCode).toBe(400);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data).toHaveLength(1);
  });

  it("bad input: unknown price, one-time price, mixed intervals, foreign payment method", async () => {
    const { month, product } = await makePlan(100, { yearly: 1000 });
    const { customer } = await customerWithCard();
    const e1 = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_nope" }] }).catch((e) => e);
    expect([e1.statusCode, e1.code]).toEqual([404, "resource_missing"]);
    const once = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 100 });
    const e2 = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: once.id }] }).catch((e) => e);
    expect(e2.statusCode).toBe(400);
    const yearly = (await stripe.prices.list({ product: product.id, recurring: { interval: "year" } })).data[0];
    const e3 = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }, { price: yearly.id }] }).catch((e) => e);
    expect(e3.statusCode).toBe(400);
    const { pm: other } = await customerWithCard();
    const e4 = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], default_payment_method: other.id }).catch((e) => e);
    expect(e4.statusCode).toBe(400);
    const e5 = await stripe.subscriptions.create({ customer: "cus_nope", items: [{ price: month.id }] }).catch((e) => e);
    expect([e5.statusCode, e5.param]).toEqual([404, "customer"]);
  });
});
