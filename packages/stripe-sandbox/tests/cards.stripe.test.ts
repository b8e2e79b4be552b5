import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { stripe as sandboxStripe } from "./harness";
import { expectStripeShape } from "./shape";

const stripe = sandboxStripe;

async function card(number: string) {
  return stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040, cvc: "123" } });
}

describe("sandbox payment methods, setup intents, payment intents: every test card", () => {
  it("creates a card PaymentMethod in Stripe's shape, attaches, lists, sets default, detaches", async () => {
    const customer = await stripe.customers.create({});
    const pm = await card("4242 4242 4242 4242");
    expect(pm).toMatchObject({ object: "payment_method", type: "card", customer: null, card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2040 } });
    expectStripeShape(pm, "payment_method");
    const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    const withDefault = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id }, expand: ["invoice_settings.default_payment_method"] });
    expect((withDefault.invoice_settings.default_payment_method as Stripe.PaymentMethod).id).toBe(pm.id);
    const token = await stripe.paymentMethods.attach("pm_card_mastercard", { customer: customer.id });
    expect(token.id).toMatch(/^pm_/);
    expect(token.card?.brand).toBe("mastercard");
    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(listed.data.map((x) => x.id)).toEqual([token.id, pm.id]);
    const viaCustomer = await stripe.customers.listPaymentMethods(customer.id);
    expect(viaCustomer.data).toHaveLength(2);
    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    const notAttached = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } }).catch((e) => e);
    expect(notAttached.statusCode).toBe(400);
  });

  it("rejects bad numbers and non-test cards as card errors", async () => {
    const bad = await card("4242424242424241").catch((e) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([bad.statusCode, bad.code]).toEqual([402, "incorrect_number"]);
    const live = await card("4111111111111111").catch((e) => e);
    expect([live.statusCode, live.code]).toEqual([402, "card_declined"]);
  });

  it("setup intents: 4242 succeeds, 0002 card_declined/generic_decline, 9995 insufficient_funds, 0341 ok, 3155 requires_action", async () => {
    const customer = await stripe.customers.create({});
    const outcomes: Record<string, unknown> = {};
    for (const n of ["4242424242424242", "4000000000000002", "4000000000009995", "4000000000000341", "4000002500003155"]) {
      const pm = await card(n);
      const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: pm.id, usage: "off_session" });
      expect(si.status).toBe("requires_confirmation");
      const r = await stripe.setupIntents.confirm(si.id).catch((e) => e);
      outcomes[n] = r instanceof Error ? [(r as Stripe.errors.StripeCardError).code, (r as Stripe.errors.StripeCardError).decline_code] : (r as Stripe.SetupIntent).status;
      if (n === "4242424242424242") expectStripeShape(r, "setup_intent");
    }
    expect(outcomes).toEqual({
      "4242424242424242": "succeeded",
      "4000000000000002": ["card_declined", "generic_decline"],
      "4000000000009995": ["card_declined", "insufficient_funds"],
      "4000000000000341": "succeeded",
      "4000002500003155": "requires_action",
    });
    const attached = await stripe.paymentMethods.list({ customer: customer.id });
    expect(attached.data.map((p) => p.card?.last4).sort()).toEqual(["0341", "4242"]);
    const declinedAttach = await stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }).catch((e) => e);
    expect([declinedAttach.statusCode, declinedAttach.decline_code]).toEqual([402, "generic_decline"]);
  });

  it("payment intents: one-time charge outcomes per card, charges recorded", async () => {
    const customer = await stripe.customers.create({});
    const ok = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", customer: customer.id, payment_method: (await card("4242424242424242")).id, confirm: true });
    expect([ok.status, ok.amount_received]).toEqual(["succeeded", 1000]);
    expectStripeShape(ok, "payment_intent");
    const charge = await stripe.charges.retrieve(ok.latest_charge as string);
    expect([charge.status, charge.paid, charge.amount]).toEqual(["succeeded", true, 1000]);
    expectStripeShape(charge, "charge");

    const fail = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: (await card("4000000000000341")).id, confirm: true }).catch((e) => e);
    expect([fail.statusCode, fail.code, fail.decline_code]).toEqual([402, "card_declined", "generic_decline"]);
    expect(fail.payment_intent.status).toBe("requires_payment_method");

    const poor = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: (await card("4000000000009995")).id, confirm: true }).catch((e) => e);
    expect(poor.decline_code).toBe("insufficient_funds");

    const auth = await stripe.paymentIntents.create({ amount: 1000, currency: "usd", payment_method: (await card("4000002500003155")).id, confirm: true });
    expect(auth.status).toBe("requires_action");
    expect(auth.next_action?.type).toBe("redirect_to_url");

    const small = await stripe.paymentIntents.create({ amount: 10, currency: "usd" }).catch((e) => e);
    expect(small.code).toBe("amount_too_small");
  });
});
