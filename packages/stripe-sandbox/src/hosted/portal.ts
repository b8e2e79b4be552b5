import type Stripe from "stripe";
import { withSandbox } from "../session";
import { findObject, queryObjects } from "../store";
import type { StripeObj } from "../shapes";
import { createSandboxStripe } from "../sdk";
import { errorInWords, type CardInput } from "./checkout";
import { StripeApiError } from "../errors";

/**
 * The sandbox Customer Portal: what the hosted page shows and the actions it offers. Actions go
 * through the SDK against the sandbox, exactly like the app's own calls.
 */
export type PortalResult = { ok: true; message: string } | { ok: false; error: string };

export async function getPortalView(id: string) {
  return withSandbox(async (s) => {
    const session = await findObject(s.tx, id, "billing_portal.session");
    if (!session) return null;
    const customerId = session.customer as string;
    const customer = await findObject(s.tx, customerId, "customer");
    const subscriptions = (await queryObjects(s.tx, "subscription", { customer: customerId })).filter((x) => x.status !== "incomplete_expired");
    const paymentMethods = await queryObjects(s.tx, "payment_method", { customer: customerId });
    const invoices = (await queryObjects(s.tx, "invoice", { customer: customerId })).slice(0, 24);
    const cfg = typeof session.configuration === "string" ? await findObject(s.tx, session.configuration, "billing_portal.configuration") : null;
    const allowed = ((cfg?.features as { subscription_update?: { products?: { prices?: string[] }[] } } | undefined)?.subscription_update?.products ?? [])
      .flatMap((p) => p.prices ?? []);
    const prices = (await queryObjects(s.tx, "price", { where: (p) => p.active === true && p.type === "recurring" && (p.recurring as { usage_type: string }).usage_type === "licensed" }))
      .filter((p) => allowed.length === 0 || allowed.includes(p.id));
    const products = new Map<string, StripeObj>();
    for (const p of prices) {
      const prod = await findObject(s.tx, p.product as string, "product");
      if (prod) products.set(prod.id, prod);
    }
    return {
      session,
      customer,
      subscriptions,
      paymentMethods,
      invoices,
      plans: prices
        .filter((p) => products.get(p.product as string)?.active !== false)
        .map((p) => ({ price: p, productName: String(products.get(p.product as string)?.name ?? p.product) }))
        .sort((a, b) => Number(a.price.unit_amount ?? 0) - Number(b.price.unit_amount ?? 0)),
    };
  });
}

async function ownedSubscription(stripe: Stripe, sessionId: string, subId: string) {
  const view = await getPortalView(sessionId);
  if (!view) throw new StripeApiError(404, "invalid_request_error", "This portal link is not valid.");
  const sub = view.subscriptions.find((x) => x.id === subId);
  if (!sub) throw new StripeApiError(404, "invalid_request_error", "That subscription does not belong to this customer.");
  return { view, sub: await stripe.subscriptions.retrieve(subId) };
}

async function run(fn: (stripe: Stripe) => Promise<string>): Promise<PortalResult> {
  try {
    return { ok: true, message: await fn(createSandboxStripe()) };
  } catch (e) {
    const err = e as { type?: string; raw?: { code?: string; decline_code?: string; message?: string; type?: string } };
    if (err.raw?.type) {
      return { ok: false, error: errorInWords(new StripeApiError(402, err.raw.type, err.raw.message ?? "", err.raw.code, undefined, { decline_code: err.raw.decline_code })) };
    }
    return { ok: false, error: errorInWords(e) };
  }
}

export function portalSwitchPlan(sessionId: string, subId: string, priceId: string) {
  return run(async (stripe) => {
    const { sub } = await ownedSubscription(stripe, sessionId, subId);
    const item = sub.items.data.find((it) => it.price.recurring?.usage_type !== "metered") ?? sub.items.data[0];
    await stripe.subscriptions.update(subId, { items: [{ id: item.id, price: priceId }], proration_behavior: "always_invoice" });
    return "Your plan was changed.";
  });
}

export function portalCancel(sessionId: string, subId: string) {
  return run(async (stripe) => {
    await ownedSubscription(stripe, sessionId, subId);
    await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    return "Your subscription will end at the end of the current period.";
  });
}

export function portalResume(sessionId: string, subId: string) {
  return run(async (stripe) => {
    await ownedSubscription(stripe, sessionId, subId);
    await stripe.subscriptions.update(subId, { cancel_at_period_end: false });
    return "Your subscription will continue.";
  });
}

/** Add a card (SetupIntent), make it the default, and retry any open invoice of a past-due subscription. */
export function portalAddCard(sessionId: string, card: CardInput) {
  return run(async (stripe) => {
    const view = await getPortalView(sessionId);
    if (!view) throw new StripeApiError(404, "invalid_request_error", "This portal link is not valid.");
    const customer = view.session.customer as string;
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: card.number, exp_month: card.expMonth ?? 12, exp_year: card.expYear ?? 2040 }, billing_details: { name: card.name } });
    const si = await stripe.setupIntents.create({ customer, payment_method: pm.id, confirm: true, usage: "off_session" });
    if (si.status === "requires_action") {
      // the hosted page stands in for the bank: authentication is approved at once
      await (await import("./authenticate")).approveIntent(si.id);
    }
    await makeDefaultEverywhere(stripe, view, pm.id);
    let extra = "";
    for (const sub of view.subscriptions.filter((x) => x.status === "past_due" || x.status === "unpaid")) {
      if (typeof sub.latest_invoice !== "string") continue;
      const inv = await stripe.invoices.retrieve(sub.latest_invoice);
      if (inv.status === "open") {
        await stripe.invoices.pay(inv.id!, { payment_method: pm.id });
        extra = " The outstanding invoice was paid.";
      }
    }
    return `Card ending ${pm.card?.last4} saved as your default.${extra}`;
  });
}

/** Like Stripe's portal: the new default card is the customer's and every live subscription's default. */
async function makeDefaultEverywhere(stripe: Stripe, view: NonNullable<Awaited<ReturnType<typeof getPortalView>>>, pmId: string) {
  await stripe.customers.update(view.session.customer as string, { invoice_settings: { default_payment_method: pmId } });
  for (const sub of view.subscriptions.filter((x) => x.status !== "canceled")) {
    await stripe.subscriptions.update(sub.id as string, { default_payment_method: pmId });
  }
}

export function portalSetDefault(sessionId: string, pmId: string) {
  return run(async (stripe) => {
    const view = await getPortalView(sessionId);
    if (!view?.paymentMethods.some((p) => p.id === pmId)) throw new StripeApiError(404, "invalid_request_error", "That card does not belong to this customer.");
    await makeDefaultEverywhere(stripe, view, pmId);
    return "Default card updated.";
  });
}

export function portalRemoveCard(sessionId: string, pmId: string) {
  return run(async (stripe) => {
    const view = await getPortalView(sessionId);
    if (!view?.paymentMethods.some((p) => p.id === pmId)) throw new StripeApiError(404, "invalid_request_error", "That card does not belong to this customer.");
    await stripe.paymentMethods.detach(pmId);
    return "Card removed.";
  });
}
