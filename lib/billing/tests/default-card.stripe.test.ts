import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { attachPaymentMethod, setDefaultPaymentMethod } from "@/lib/billing/payment-methods";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, lifecycleOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Checkout gives the subscription its own default card, which Stripe charges before the customer's
 * default. Changing the default card in the app must change what renewals charge.
 */
const actor = { type: "user" as const, id: "user_default_card" };
let orgId: string;
let customerId: string;
let stripe: Stripe;
let stopRouting: () => void;

const newCard = async (number: string) => (await stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040, cvc: "123" } })).id;

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
  ({ orgId, customerId, stripe } = await lifecycleOrg("Default Card", actor));
  const first = await newCard("4242424242424242");
  await stripe.paymentMethods.attach(first, { customer: customerId });
  const ids = await getCatalogIds();
  // What Checkout creates: the subscription carries the card it was paid with.
  await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("starter", "month") }], default_payment_method: first, metadata: { org_id: orgId, plan_key: "starter" } });
  await settle(orgId);
});

afterAll(() => stopRouting());

describe("the default card is what renewals charge", () => {
  it("a declining card made default in the app is the one the renewal charges → past_due", async () => {
    const declining = await newCard("4000000000000341");
    const res = await attachPaymentMethod({ orgId, paymentMethodId: declining, makeDefault: true, actor });
    expect(res.overdue).toBeNull(); // nothing overdue yet
    const sub = await latestSubscription(orgId);
    expect((await stripe.subscriptions.retrieve(sub.id)).default_payment_method).toBe(declining);
    await (await sandbox()).clock.advance({ to: new Date(sub.currentPeriodEnd.getTime() + 3_600_000) });
    await settle(orgId);
    expect((await latestSubscription(orgId)).status).toBe("past_due");
  });

  it("making a good card the default again pays the overdue invoice at once", async () => {
    // Typing the 4242 card again reuses the saved one (same fingerprint: issue 13 item 7).
    const typed = await newCard("4242424242424242");
    const attached = await attachPaymentMethod({ orgId, paymentMethodId: typed, makeDefault: false, actor });
    const good = attached.duplicateOf ?? typed;
    expect(good).not.toBe(typed);
    const res = await setDefaultPaymentMethod({ orgId, paymentMethodId: good, actor });
    expect(res.overdue).toMatchObject({ paid: true, amountCents: 2900 });
    await settle(orgId);
    const sub = await latestSubscription(orgId);
    expect(sub.status).toBe("active");
    expect((await stripe.subscriptions.retrieve(sub.id)).default_payment_method).toBe(good);
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("starter");
  });
});
