import { afterEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { WebhookDelivery } from "../src";
import { clock, sandbox, WEBHOOK_SECRET as SANDBOX_WEBHOOK_SECRET } from "./harness";

const { advance: advanceSandboxClock, restore: restoreSandboxClock } = sandbox.clock;
const { setWebhookTransport, flushWebhooks: flushSandboxWebhooks } = sandbox.testing;
const { nowUnix, offsetMs: clockOffsetMs, setOffsetMs: setClockOffset } = clock;
import { expectStripeShape } from "./shape";
import { customerWithCard, makePlan, periodOf, stripe, uid } from "./helpers";

const DAY = 86_400_000;

afterEach(() => setWebhookTransport(null));

async function eventsFor(id: string, type?: string) {
  const out: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ limit: 100, ...(type ? { type } : {}) })) {
    if ((e.data.object as { id?: string }).id === id) out.push(e);
  }
  return out;
}

describe("sandbox test clock: trials, renewals, failed payments, usage, cancellation", () => {
  it("trial → trial_will_end → active with a paid invoice → renewal", async () => {
    const { month } = await makePlan(2900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], trial_period_days: 14, expand: ["latest_invoice"] });
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86400);
    expect([(sub.latest_invoice as Stripe.Invoice).total, (sub.latest_invoice as Stripe.Invoice).status]).toEqual([0, "paid"]);

    await advanceSandboxClock(11 * DAY + 3_600_000);
    expect(await eventsFor(sub.id, "customer.subscription.trial_will_end")).toHaveLength(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("trialing");

    await advanceSandboxClock({ to: new Date(sub.trial_end! * 1000 + 1000) });
    const active = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(active.status).toBe("active");
    expect(periodOf(active).start).toBe(sub.trial_end);
    const first = active.latest_invoice as Stripe.Invoice;
    expect([first.total, first.status, first.billing_reason]).toEqual([2900, "paid", "subscription_cycle"]);

    await advanceSandboxClock({ to: new Date(periodOf(active).end * 1000 + 1000) });
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(periodOf(renewed).start).toBe(periodOf(active).end);
    const invoices = await stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => [i.total, i.status])).toEqual([[2900, "paid"], [2900, "paid"], [0, "paid"]]);
    expect(await eventsFor(sub.id, "customer.subscription.trial_will_end")).toHaveLength(1);
  });

  it("a card that fails at renewal: past_due, retries on schedule, paying with a new card recovers", async () => {
    const { month } = await makePlan(4900);
    const { customer } = await customerWithCard("4000000000000341");
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], trial_period_days: 7 });
    await advanceSandboxClock({ to: new Date(sub.trial_end! * 1000 + 1000) });
    const pastDue = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(pastDue.status).toBe("past_due");
    const inv = pastDue.latest_invoice as Stripe.Invoice;
    expect([inv.status, inv.attempt_count, inv.amount_paid, inv.amount_remaining]).toEqual(["open", 1, 0, 4900]);
    expect(inv.next_payment_attempt).toBe(sub.trial_end! + 3 * 86400);
    expect(await eventsFor(inv.id!, "invoice.payment_failed")).toHaveLength(1);

    await advanceSandboxClock({ to: new Date((inv.next_payment_attempt! + 1) * 1000) });
    expect((await stripe.invoices.retrieve(inv.id!)).attempt_count).toBe(2);

    const good = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 1, exp_year: 2041 } });
    await stripe.paymentMethods.attach(good.id, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: good.id } });
    const paid = await stripe.invoices.pay(inv.id!);
    expect([paid.status, paid.amount_paid]).toEqual(["paid", 4900]);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
  });

  it("payments that keep failing: four attempts, then the subscription is canceled", async () => {
    const { month } = await makePlan(1000);
    const { customer } = await customerWithCard("4000000000000341");
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], trial_period_days: 1 });
    await advanceSandboxClock({ to: new Date((sub.trial_end! + 16 * 86400) * 1000) });
    const done = await stripe.subscriptions.retrieve(sub.id, { expand: ["latest_invoice"] });
    expect(done.status).toBe("canceled");
    expect(done.cancellation_details?.reason).toBe("payment_failed");
    expect((done.latest_invoice as Stripe.Invoice).attempt_count).toBe(4);
    expect(await eventsFor(sub.id, "customer.subscription.deleted")).toHaveLength(1);
  });

  it("metered overage: meter events in the period are billed in arrears through graduated tiers", async () => {
    const { product, month } = await makePlan(2900);
    const event = `api_calls_${uid()}`;
    const meter = await stripe.billing.meters.create({ display_name: "API calls", event_name: event, default_aggregation: { formula: "sum" } });
    const overage = await stripe.prices.create({
      product: product.id, currency: "usd", billing_scheme: "tiered", tiers_mode: "graduated",
      tiers: [{ up_to: 1000, unit_amount: 0 }, { up_to: "inf", unit_amount: 3 }],
      recurring: { interval: "month", usage_type: "metered", meter: meter.id },
    });
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }, { price: overage.id }] });
    expect(sub.items.data[1].quantity).toBeUndefined();
    await advanceSandboxClock(DAY);
    await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "1200" }, identifier: `${event}-1` });
    await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "300" }, identifier: `${event}-2` });
    await stripe.billing.meterEvents.create({ event_name: event, payload: { stripe_customer_id: customer.id, value: "300" }, identifier: `${event}-2` });
    const preview = await stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    expect(preview.lines.data.map((l) => l.amount)).toEqual([1500, 2900]);
    await advanceSandboxClock({ to: new Date(periodOf(sub).end * 1000 + 1000) });
    const inv = (await stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
    expect(inv.lines.data.map((l) => [l.amount, l.quantity])).toEqual([[1500, 1500], [2900, 1]]);
    expect([inv.total, inv.status, inv.period_start, inv.period_end]).toEqual([4400, "paid", periodOf(sub).start, periodOf(sub).end]);
  });

  it("cancel_at_period_end ends the subscription at the period end", async () => {
    const { month } = await makePlan(900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }] });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advanceSandboxClock({ to: new Date(periodOf(sub).end * 1000 + 1000) });
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect([s.status, s.ended_at]).toEqual(["canceled", periodOf(sub).end]);
    expect((await stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
  });

  it("test clock API maps onto the one app clock; offset is persisted and restored", async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: nowUnix(), name: "t" });
    expect(clock.id).toMatch(/^clock_/);
    expectStripeShape(clock, "test_helpers.test_clock");
    const target = nowUnix() + 5 * 86400;
    const adv = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: target });
    expect(adv.frozen_time).toBe(target);
    expect(nowUnix()).toBe(target);
    const back = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: target - 100 }).catch((e) => e);
    expect(back.statusCode).toBe(400);
    const offset = clockOffsetMs();
    setClockOffset(0);
    expect(await restoreSandboxClock()).toBe(offset);
  });

  it("webhooks: signed in Stripe's scheme, retried with backoff after failures", async () => {
    const got: WebhookDelivery[] = [];
    let failures = 2;
    setWebhookTransport(async (d) => {
      if (d.type === "customer.created" && failures-- > 0) return 500;
      got.push(d);
      return 200;
    });
    const c = await stripe.customers.create({ email: `hook-${uid()}@example.com` });
    for (let i = 0; i < 3; i++) await flushSandboxWebhooks();
    const mine = got.filter((d) => JSON.parse(d.payload).data.object.id === c.id);
    expect(mine.map((d) => d.type)).toEqual(["customer.created"]);
    const event = stripe.webhooks.constructEvent(mine[0].payload, mine[0].headers["stripe-signature"], SANDBOX_WEBHOOK_SECRET);
    expect(event.type).toBe("customer.created");
    expect(event.id).toMatch(/^evt_/);
    expectStripeShape(event, "event");
    await flushSandboxWebhooks();
    expect(got.filter((d) => JSON.parse(d.payload).data.object.id === c.id)).toHaveLength(1);
    const bad = () => stripe.webhooks.constructEvent(mine[0].payload, mine[0].headers["stripe-signature"], "whsec_other");
    expect(bad).toThrow();

    const upd = await stripe.customers.update(c.id, { name: "New" });
    const evs = await eventsFor(upd.id, "customer.updated");
    expect(evs[0].data.previous_attributes).toEqual({ name: null });
  });

  it("idempotency keys are forgotten after 24 hours of (sandbox) time", async () => {
    const key = `idem-${uid()}`;
    const a = await stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: key });
    const b = await stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    await advanceSandboxClock(25 * 3_600_000);
    const c = await stripe.customers.create({ email: "k@example.com" }, { idempotencyKey: key });
    expect(c.id).not.toBe(a.id);
  });
});
