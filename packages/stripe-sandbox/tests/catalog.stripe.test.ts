import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { stripe as sandboxStripe } from "./harness";
import { expectStripeShape } from "./shape";

const stripe = sandboxStripe;
const uid = () => Math.random().toString(36).slice(2, 10);

describe("sandbox catalog: products, prices, coupons, promotion codes, meters", () => {
  it("products: create / update / list / shape", async () => {
    const p = await stripe.products.create({ name: "Pro", metadata: { plan: "pro" } });
    expect(p.id).toMatch(/^prod_/);
    expectStripeShape(p, "product");
    const u = await stripe.products.update(p.id, { active: false, description: "Pro plan" });
    expect([u.active, u.description]).toEqual([false, "Pro plan"]);
    const listed = await stripe.products.list({ ids: [p.id] });
    expect(listed.data.map((x) => x.id)).toEqual([p.id]);
    const missing = await stripe.products.create({} as Stripe.ProductCreateParams).catch((e) => e);
    expect([missing.statusCode, missing.code, missing.param]).toEqual([400, "parameter_missing", "name"]);
  });

  it("prices: recurring, one-time, metered graduated; lookup keys with transfer; list by lookup_keys; update", async () => {
    const product = await stripe.products.create({ name: `Starter ${uid()}` });
    const key = `starter_monthly_${uid()}`;
    const monthly = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2900, recurring: { interval: "month" }, lookup_key: key });
    expect(String(monthly.unit_amount_decimal)).toBe("2900");
    expect(monthly).toMatchObject({ object: "price", type: "recurring", unit_amount: 2900, lookup_key: key, recurring: { interval: "month", interval_count: 1, usage_type: "licensed", meter: null } });
    expectStripeShape(monthly, "price");

    const dup = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 3100, recurring: { interval: "month" }, lookup_key: key }).catch((e) => e);
    expect([dup.statusCode, dup.param]).toEqual([400, "lookup_key"]);

    const moved = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 3100, recurring: { interval: "month" }, lookup_key: key, transfer_lookup_key: true });
    expect(moved.lookup_key).toBe(key);
    expect((await stripe.prices.retrieve(monthly.id)).lookup_key).toBeNull();
    const byKey = await stripe.prices.list({ lookup_keys: [key], expand: ["data.product"] });
    expect(byKey.data.map((x) => x.id)).toEqual([moved.id]);
    expect((byKey.data[0].product as Stripe.Product).name).toBe(product.name);

    const once = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1000 });
    expect([once.type, once.recurring]).toEqual(["one_time", null]);

    const meter = await stripe.billing.meters.create({ display_name: "API calls", event_name: `api_calls_${uid()}`, default_aggregation: { formula: "sum" } });
    const metered = await stripe.prices.create({
      product: product.id, currency: "usd", billing_scheme: "tiered", tiers_mode: "graduated",
      tiers: [{ up_to: 1000, unit_amount: 0 }, { up_to: "inf", unit_amount: 3 }],
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    expect(metered.recurring).toMatchObject({ usage_type: "metered", meter: meter.id });
    expect([metered.billing_scheme, metered.tiers_mode, metered.unit_amount]).toEqual(["tiered", "graduated", null]);
    expect(metered.tiers).toHaveLength(2);
    expectStripeShape(metered, "price");

    const noMeter = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1, recurring: { interval: "month", usage_type: "metered" } }).catch((e) => e);
    expect(noMeter.param).toBe("recurring[meter]");

    const upd = await stripe.prices.update(moved.id, { active: false, metadata: { v: "2" } });
    expect([upd.active, upd.metadata]).toEqual([false, { v: "2" }]);
    const active = await stripe.prices.list({ product: product.id, active: true, limit: 100 });
    expect(active.data.map((x) => x.id).sort()).toEqual([monthly.id, once.id, metered.id].sort());
  });

  it("coupons and promotion codes: limits, expiry, lookup by code", async () => {
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: "repeating", duration_in_months: 3, name: "20% off" });
    expectStripeShape(coupon, "coupon");
    expect([coupon.valid, coupon.times_redeemed]).toEqual([true, 0]);
    const fixed = await stripe.coupons.create({ id: `FIVE_${uid()}`, amount_off: 500, currency: "usd", duration: "once" });
    expect(fixed.id).toMatch(/^FIVE_/);
    const bad = await stripe.coupons.create({ duration: "once" }).catch((e) => e);
    expect(bad.statusCode).toBe(400);

    const code = `LAUNCH${uid().toUpperCase()}`;
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code, max_redemptions: 2, expires_at: Math.floor(Date.now() / 1000) + 86400 * 400 });
    expect(promo.id).toMatch(/^promo_/);
    expect(promo.promotion).toEqual({ coupon: coupon.id, type: "coupon" });
    expectStripeShape(promo, "promotion_code");
    const found = await stripe.promotionCodes.list({ code: code.toLowerCase() });
    expect(found.data.map((x) => x.id)).toEqual([promo.id]);
    const clash = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code }).catch((e) => e);
    expect(clash.statusCode).toBe(400);
    const off = await stripe.promotionCodes.update(promo.id, { active: false });
    expect(off.active).toBe(false);
    expect((await stripe.promotionCodes.list({ code, active: true })).data).toEqual([]);
  });

  it("billing meters and meter events: dedupe by identifier, summaries, validation", async () => {
    const event = `tokens_${uid()}`;
    const meter = await stripe.billing.meters.create({
      display_name: "Tokens", event_name: event, default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" }, value_settings: { event_payload_key: "value" },
    });
    expect(meter.id).toMatch(/^mtr_/);
    expectStripeShape(meter, "billing.meter");
    const again = await stripe.billing.meters.create({ display_name: "x", event_name: event, default_aggregation: { formula: "sum" } }).catch((e) => e);
    expect(again.statusCode).toBe(400);

    const customer = await stripe.customers.create({});
    const ts = Math.floor(Date.now() / 1000) - 10;
    const e1 = await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "25" }, identifier: "evt-1", timestamp: ts });
    expectStripeShape(e1, "billing.meter_event");
    expect(e1).toMatchObject({ identifier: "evt-1", event_name: event, payload: { stripe_customer_id: customer.id, value: "25" } });
    await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "25" }, identifier: "evt-1", timestamp: ts });
    await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "5" }, identifier: "evt-2", timestamp: ts });
    const summary = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: ts - 60, end_time: ts + 60 });
    expect(summary.data[0].aggregated_value).toBe(30);

    const noMeter = await stripe.billing.meterEvents.create({ event_name: `nope_${uid()}`, payload: { stripe_customer_id: customer.id, value: "1" } }).catch((e) => e);
    expect(noMeter.statusCode).toBe(400);
    const badValue = await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "lots" } }).catch((e) => e);
    expect(badValue.statusCode).toBe(400);
    const old = await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "1" }, timestamp: ts - 40 * 86400 }).catch((e) => e);
    expect(old.param).toBe("timestamp");

    // concurrent duplicates of one identifier count once
    await Promise.all(Array.from({ length: 8 }, () =>
      stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "100" }, identifier: "evt-3", timestamp: ts })));
    const after = await stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: ts - 60, end_time: ts + 60 });
    expect(after.data[0].aggregated_value).toBe(130);

    const off = await stripe.billing.meters.deactivate(meter.id);
    expect(off.status).toBe("inactive");
  });
});
