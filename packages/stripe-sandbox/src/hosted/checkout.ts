import { nowUnix } from "../runtime";
import { declineInWords } from "../cards";
import { StripeApiError } from "../errors";
import type { FormObject } from "../form";
import type { Ctx } from "../router";
import { withSandbox, type Session } from "../session";
import type { StripeObj } from "../shapes";
import { findObject, getObject, insertObject, saveObject } from "../store";
import { build, publicView, stripeId } from "../shapes";
import { confirmPaymentIntent, markAuthenticated, newPaymentIntent } from "../billing/payments";
import { couponDiscount } from "../billing/money";
import { resolveDiscount } from "../resources/coupons";
import { attachPaymentMethod, cardOf, createCardPaymentMethod } from "../resources/payment-methods";
import { confirmSetupIntent } from "../resources/intents";
import { createSubscription } from "../resources/subscriptions";
import { createCustomer } from "../resources/customers";
import { queryObjects } from "../store";

export type CardInput = { number: string; expMonth?: number; expYear?: number; name?: string };
export type CheckoutResult =
  | { ok: true; redirectUrl: string; sessionId: string }
  | { ok: false; error: string; requiresAction?: boolean };

/** Read-only view of a session for the hosted page (null when unknown). */
export async function getCheckoutView(id: string) {
  return withSandbox(async (s) => {
    const session = await findObject(s.tx, id, "checkout.session");
    if (!session) return null;
    const customer = typeof session.customer === "string" ? await findObject(s.tx, session.customer, "customer") : null;
    // the trial the session was created with (a request-only parameter: not in the session Stripe returns)
    const trialDays = (session._subscription_data as { trial_period_days?: number | null } | undefined)?.trial_period_days ?? null;
    return { session: publicView(session), trialDays, customerEmail: (customer?.email as string | null) ?? (session.customer_email as string | null) };
  });
}

function internalCtx(s: Session, params: FormObject): Ctx {
  return { ...s, method: "POST", path: "/internal", params, pathParams: {} };
}

/** Plain-words message for a sandbox error shown on the hosted pages. */
export function errorInWords(e: unknown): string {
  if (e instanceof StripeApiError) {
    if (e.type === "card_error") return declineInWords({ code: e.code ?? "card_declined", decline_code: e.extra.decline_code as string | undefined, message: e.message });
    return e.message;
  }
  return "Something went wrong in the sandbox. Try again.";
}

/**
 * Complete a Checkout Session as the hosted page's "Pay" button does: customer, card, then the
 * subscription / payment / setup. All or nothing: a declined card leaves the session open.
 */
export async function completeCheckoutSession(
  id: string,
  input: { card: CardInput; email?: string; promotionCode?: string; authenticate?: boolean },
): Promise<CheckoutResult> {
  try {
    return await withSandbox(async (s) => {
      const session = await getObject(s.tx, id, "checkout.session");
      if (session.status !== "open" || (session.expires_at as number) < nowUnix()) {
        return { ok: false as const, error: session.status === "complete" ? "This checkout is already complete." : "This checkout has expired." };
      }
      let customer = typeof session.customer === "string" ? await getObject(s.tx, session.customer, "customer") : null;
      const email = input.email?.trim() || (session.customer_email as string | null) || null;
      if (!customer) {
        customer = await createCustomer(internalCtx(s, email ? { email } : {}));
      }
      const pm = await createCardPaymentMethod(s, { number: input.card.number, exp_month: input.card.expMonth, exp_year: input.card.expYear, billing_details: { name: input.card.name ?? null, email } });
      const needsAuth = cardOf(pm).behaviour === "requires_action";
      if (needsAuth && !input.authenticate) {
        throw new StripeApiError(402, "card_error", "This card requires authentication.", "authentication_required");
      }
      if (needsAuth) await markAuthenticated(s, pm.id);
      let promoId: string | undefined;
      if (input.promotionCode?.trim()) {
        const [pc] = await queryObjects(s.tx, "promotion_code", { where: (o) => String(o.code).toLowerCase() === input.promotionCode!.trim().toLowerCase() && o.active === true });
        if (!pc) return { ok: false as const, error: `The promotion code "${input.promotionCode.trim()}" is not valid.` };
        promoId = pc.id;
      }
      const discounts: { coupon?: string; promotion_code?: string }[] = promoId ? [{ promotion_code: promoId }] : ((session.discounts as { coupon: string | null; promotion_code: string | null }[] | null) ?? []).map((d) => ({ coupon: d.coupon ?? undefined, promotion_code: d.promotion_code ?? undefined }));
      const mode = session.mode as string;
      const items = (session.line_items as { data: StripeObj[] }).data;
      if (mode === "subscription") {
        await attachPaymentMethod(s, pm.id, customer.id);
        const sd = (session._subscription_data ?? {}) as { trial_period_days: number | null; trial_end: number | null; metadata: Record<string, string> };
        const params: FormObject = {
          customer: customer.id,
          items: items.map((li) => ({ price: (li.price as StripeObj).id, ...(li.quantity ? { quantity: String(li.quantity) } : {}) })),
          default_payment_method: pm.id,
          payment_behavior: "error_if_incomplete",
          metadata: sd.metadata ?? {},
          discounts: discounts.map((d): FormObject => (d.promotion_code ? { promotion_code: d.promotion_code } : { coupon: d.coupon ?? "" })),
        };
        if (sd.trial_period_days) params.trial_period_days = String(sd.trial_period_days);
        if (sd.trial_end) params.trial_end = String(sd.trial_end);
        const sub = (await createSubscription(internalCtx(s, params))) as StripeObj;
        const invoice = typeof sub.latest_invoice === "string" ? await getObject(s.tx, sub.latest_invoice, "invoice") : null;
        Object.assign(session, {
          subscription: sub.id, invoice: invoice?.id ?? null, amount_total: invoice?.total ?? 0,
          payment_status: (invoice?.amount_due ?? 0) === 0 ? "no_payment_required" : "paid",
          total_details: { amount_discount: ((invoice?.total_discount_amounts as { amount: number }[]) ?? []).reduce((a, d) => a + d.amount, 0), amount_shipping: 0, amount_tax: 0 },
        });
      } else if (mode === "payment") {
        let total = session.amount_subtotal as number;
        let discount = 0;
        for (const d of discounts) {
          const r = await resolveDiscount(s, d, { customer: customer.id, amount: total, param: "discounts" });
          discount += couponDiscount(r.coupon, total - discount);
        }
        total -= discount;
        const pid = (session._payment_intent_data ?? {}) as { setup_future_usage: string | null; metadata: Record<string, string> };
        const pi = newPaymentIntent({ amount: total, currency: session.currency as string, customer: customer.id, payment_method: pm.id, metadata: { ...pid.metadata, ...(session.metadata as Record<string, string>) }, setup_future_usage: pid.setup_future_usage });
        await insertObject(s.tx, pi);
        await s.emit("payment_intent.created", pi);
        const result = await confirmPaymentIntent(s, pi, { offSession: false, authenticated: input.authenticate });
        if (result.outcome !== "succeeded") throw new StripeApiError(402, "card_error", result.decline?.message ?? "declined", result.decline?.code, undefined, { decline_code: result.decline?.decline_code });
        if (pid.setup_future_usage) await attachPaymentMethod(s, pm.id, customer.id);
        Object.assign(session, { payment_intent: pi.id, amount_total: total, payment_status: "paid", total_details: { amount_discount: discount, amount_shipping: 0, amount_tax: 0 } });
      } else {
        const siId = stripeId("seti");
        const si = build("setup_intent", {
          id: siId, object: "setup_intent", created: nowUnix(), client_secret: `${siId}_secret_x`, customer: customer.id, payment_method: pm.id,
          status: "requires_confirmation", usage: "off_session", metadata: {}, last_setup_error: null, next_action: null, payment_method_configuration_details: null, automatic_payment_methods: null, latest_attempt: null, description: null,
        });
        await insertObject(s.tx, si);
        await s.emit("setup_intent.created", si);
        await confirmSetupIntent(s, si, { authenticated: input.authenticate });
        Object.assign(session, { setup_intent: si.id });
      }
      Object.assign(session, {
        status: "complete", customer: customer.id, url: null,
        customer_details: {
          address: null, business_name: null, email: email ?? customer.email ?? null, individual_name: null,
          name: input.card.name ?? customer.name ?? null, phone: null, tax_exempt: "none", tax_ids: [],
        },
      });
      await saveObject(s.tx, session);
      await s.emit("checkout.session.completed", session);
      const redirectUrl = String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
      return { ok: true as const, redirectUrl, sessionId: session.id };
    });
  } catch (e) {
    const requiresAction = e instanceof StripeApiError && e.code === "authentication_required";
    return { ok: false, error: requiresAction ? "Your bank asks you to confirm this payment (sandbox 3-D Secure)." : errorInWords(e), requiresAction };
  }
}
