import { afterEach, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { WebhookDelivery } from "../src";
import { HOSTED_URL, sandbox } from "./harness";

const { checkout, portal, authenticate } = sandbox.views;
const { setWebhookTransport, flushWebhooks: flushSandboxWebhooks } = sandbox.testing;
const approveIntent = authenticate.decide;
const completeCheckoutSession = checkout.complete;
const { get: getPortalView, addCard: portalAddCard, cancel: portalCancel, resume: portalResume, switchPlan: portalSwitchPlan } = portal;
import { expectStripeShape } from "./shape";
import { customerWithCard, makePlan, stripe, uid } from "./helpers";

afterEach(() => setWebhookTransport(null));

describe("sandbox checkout sessions and customer portal", () => {
  it("subscription checkout: session in Stripe's shape; a declined card leaves it open; a good card completes it", async () => {
    const { month } = await makePlan(2900);
    const events: WebhookDelivery[] = [];
    setWebhookTransport(async (d) => (events.push(d), 200));
    const email = `co-${uid()}@example.com`;
    const session = await stripe.checkout.sessions.create({
      mode: "subscription", customer_email: email, line_items: [{ price: month.id, quantity: 1 }],
      success_url: "http://localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}", cancel_url: "http://localhost:3000/billing",
      subscription_data: { trial_period_days: 14, metadata: { org_id: "org_x" } }, client_reference_id: "org_x", metadata: { org_id: "org_x" },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${HOSTED_URL}/checkout/${session.id}`);
    expect([session.status, session.payment_status, session.amount_total]).toEqual(["open", "unpaid", 2900]);
    expectStripeShape(session, "checkout.session");
    expect(session.ui_mode).toBe("hosted_page");
    expect(session).not.toHaveProperty("subscription_data"); // request-only: never echoed
    const view = await sandbox.views.checkout.get(session.id);
    expect(view?.trialDays).toBe(14); // the hosted page still knows the trial
    expect(view?.session).not.toHaveProperty("_subscription_data");

    const declined = await completeCheckoutSession(session.id, { card: { number: "4000000000000002" } });
    expect(declined).toEqual({ ok: false, error: "The card was declined by the bank. Try another card.", requiresAction: false });
    const poor = await completeCheckoutSession(session.id, { card: { number: "4000000000009995" } });
    expect(poor.ok === false && poor.error).toBe("The card was declined because it has insufficient funds.");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.customers.list({ email })).data).toEqual([]);

    const done = await completeCheckoutSession(session.id, { card: { number: "4242424242424242" } });
    expect(done).toEqual({ ok: true, sessionId: session.id, redirectUrl: `http://localhost:3000/billing?session_id=${session.id}` });
    const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect([after.status, after.payment_status]).toEqual(["complete", "no_payment_required"]);
    const sub = after.subscription as Stripe.Subscription;
    expect([sub.status, sub.metadata.org_id]).toEqual(["trialing", "org_x"]);
    expect(sub.default_payment_method).toMatch(/^pm_/);
    expect((await stripe.customers.retrieve(after.customer as string) as Stripe.Customer).email).toBe(email);
    const again = await completeCheckoutSession(session.id, { card: { number: "4242424242424242" } });
    expect(again.ok).toBe(false);

    await flushSandboxWebhooks();
    const completed = events.filter((e) => e.type === "checkout.session.completed" && JSON.parse(e.payload).data.object.id === session.id);
    expect(completed).toHaveLength(1);
  });

  it("subscription checkout with 0341 fails at the first charge; promotion code entered on the page applies", async () => {
    const { month } = await makePlan(5000);
    const { customer } = await customerWithCard();
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: "once" });
    const code = `HALF${uid().toUpperCase()}`;
    await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [{ price: month.id }], success_url: "http://x/ok", allow_promotion_codes: true });
    const fail = await completeCheckoutSession(session.id, { card: { number: "4000000000000341" } });
    expect(fail.ok).toBe(false);
    const bad = await completeCheckoutSession(session.id, { card: { number: "4242424242424242" }, promotionCode: "NOPE" });
    expect(bad).toEqual({ ok: false, error: 'The promotion code "NOPE" is not valid.' });
    const ok = await completeCheckoutSession(session.id, { card: { number: "4242424242424242" }, promotionCode: code.toLowerCase() });
    expect(ok.ok).toBe(true);
    const s = await stripe.checkout.sessions.retrieve(session.id, { expand: ["invoice"] });
    expect([s.amount_total, (s.invoice as Stripe.Invoice).amount_paid, s.payment_status]).toEqual([2500, 2500, "paid"]);
  });

  it("3-D Secure card asks for authentication, then completes when approved", async () => {
    const { month } = await makePlan(1200);
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: month.id }], success_url: "http://x/ok" });
    const first = await completeCheckoutSession(session.id, { card: { number: "4000002500003155" }, email: `${uid()}@x.io` });
    expect(first.ok === false && first.requiresAction).toBe(true);
    const ok = await completeCheckoutSession(session.id, { card: { number: "4000002500003155" }, email: `${uid()}@x.io`, authenticate: true });
    expect(ok.ok).toBe(true);
  });

  it("payment mode (credit pack) and setup mode", async () => {
    const { product } = await makePlan(100);
    const pack = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 4500 });
    const { customer } = await customerWithCard();
    const pay = await stripe.checkout.sessions.create({ mode: "payment", customer: customer.id, line_items: [{ price: pack.id, quantity: 2 }], success_url: "http://x/ok", metadata: { pack: "5000" } });
    expect(pay.amount_total).toBe(9000);
    const r = await completeCheckoutSession(pay.id, { card: { number: "4242424242424242" } });
    expect(r.ok).toBe(true);
    const done = await stripe.checkout.sessions.retrieve(pay.id, { expand: ["payment_intent"] });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect([done.payment_status, pi.status, pi.amount, pi.metadata.pack]).toEqual(["paid", "succeeded", 9000, "5000"]);
    const items = await stripe.checkout.sessions.listLineItems(pay.id);
    expect(items.data.map((li) => [li.price?.id, li.quantity, li.amount_total])).toEqual([[pack.id, 2, 9000]]);
    const recurring = await stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: (await makePlan(1)).month.id }], success_url: "http://x" }).catch((e) => e);
    expect(recurring.statusCode).toBe(400);

    const setup = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", success_url: "http://x/ok" });
    expect(setup.payment_status).toBe("no_payment_required");
    expect((await completeCheckoutSession(setup.id, { card: { number: "4000000000000341" } })).ok).toBe(true);
    const st = await stripe.checkout.sessions.retrieve(setup.id, { expand: ["setup_intent"] });
    expect((st.setup_intent as Stripe.SetupIntent).status).toBe("succeeded");
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(2);

    const exp = await stripe.checkout.sessions.create({ mode: "setup", customer: customer.id, currency: "usd", success_url: "http://x/ok" });
    expect((await stripe.checkout.sessions.expire(exp.id)).status).toBe("expired");
    expect((await completeCheckoutSession(exp.id, { card: { number: "4242424242424242" } })).ok).toBe(false);
  });

  it("portal: session URL, plan switch, cancel / resume, add a card that pays a past-due invoice", async () => {
    const { month: basic } = await makePlan(1000);
    const { month: pro } = await makePlan(3000);
    const { customer } = await customerWithCard("4000000000000341");
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://localhost:3000/billing" });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${HOSTED_URL}/portal/${portal.id}`);
    expectStripeShape(portal, "billing_portal.session");

    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    expect(sub.status).toBe("incomplete");
    const added = await portalAddCard(portal.id, { number: "4242424242424242" });
    expect(added).toEqual({ ok: true, message: "Card ending 4242 saved as your default." });
    const view = await getPortalView(portal.id);
    expect(view!.paymentMethods).toHaveLength(2);
    expect(view!.plans.map((p) => p.price.id)).toEqual(expect.arrayContaining([basic.id, pro.id]));

    const s2 = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    expect(s2.status).toBe("active");
    expect(await portalSwitchPlan(portal.id, s2.id, pro.id)).toEqual({ ok: true, message: "Your plan was changed." });
    expect((await stripe.subscriptions.retrieve(s2.id)).items.data[0].price.id).toBe(pro.id);
    expect((await portalCancel(portal.id, s2.id)).ok).toBe(true);
    expect((await stripe.subscriptions.retrieve(s2.id)).cancel_at_period_end).toBe(true);
    expect((await portalResume(portal.id, s2.id)).ok).toBe(true);
    expect((await stripe.subscriptions.retrieve(s2.id)).cancel_at_period_end).toBe(false);
    const foreign = await portalCancel(portal.id, "sub_other");
    expect(foreign.ok).toBe(false);
    const declined = await portalAddCard(portal.id, { number: "4000000000000002" });
    expect(declined).toEqual({ ok: false, error: "The card was declined by the bank. Try another card." });
  });

  it("authentication page stand-in approves a payment intent", async () => {
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4000002500003155", exp_month: 1, exp_year: 2040 } });
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: "usd", payment_method: pm.id, confirm: true });
    expect(pi.status).toBe("requires_action");
    expect(await approveIntent(pi.id)).toEqual({ ok: true, status: "succeeded" });
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
  });
});
