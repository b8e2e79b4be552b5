import type Stripe from "stripe";
import { stripe, uid } from "./harness";

export { stripe, uid };

/** A product with a monthly price (and optional yearly one). */
export async function makePlan(monthly: number, opts: { yearly?: number; trialDays?: number } = {}) {
  const product = await stripe.products.create({ name: `Plan ${uid()}` });
  const month = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: monthly, recurring: { interval: "month" } });
  const year = opts.yearly
    ? await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: opts.yearly, recurring: { interval: "year" } })
    : null;
  return { product, month, year };
}

/** A customer whose default payment method is the given test card. */
export async function customerWithCard(number = "4242424242424242"): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const customer = await stripe.customers.create({ email: `${uid()}@example.com` });
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040 } });
  await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
  const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { customer: updated, pm };
}

export function periodOf(sub: Stripe.Subscription) {
  return { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end };
}
