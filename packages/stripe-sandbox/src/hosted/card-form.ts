import type Stripe from "stripe";
import { createSandboxStripe } from "../sdk";

/** Card details typed into the sandbox's card form (what Stripe.js / Elements collect in the browser). */
export type CardDetails = { number: string; expMonth: number; expYear: number; cvc: string; name?: string };

export type CardFormResult =
  | { ok: true; paymentMethodId: string; brand: string | null; last4: string | null }
  | { ok: false; code: string; message: string; param?: string };

/**
 * The sandbox's stand-in for Stripe.js `createPaymentMethod`: card details go to "Stripe" (this
 * sandbox), the host gets back a `pm_…` id and never handles the card number. Refusals come back as
 * Stripe.js reports them (its code and message, e.g. `incorrect_number` "Your card number is incorrect.").
 * `idempotencyKey`: the same form submitted twice makes one PaymentMethod.
 */
export async function createCardPaymentMethod(card: CardDetails, opts: { idempotencyKey?: string } = {}): Promise<CardFormResult> {
  try {
    const pm = await createSandboxStripe().paymentMethods.create(
      {
        type: "card",
        card: { number: card.number.replace(/[\s-]/g, ""), exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc },
        ...(card.name ? { billing_details: { name: card.name } } : {}),
      },
      opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {},
    );
    return { ok: true, paymentMethodId: pm.id, brand: pm.card?.brand ?? null, last4: pm.card?.last4 ?? null };
  } catch (e) {
    const err = e as Stripe.errors.StripeError;
    if (err?.type === "StripeCardError" || err?.type === "StripeInvalidRequestError") {
      return { ok: false, code: err.code ?? "card_declined", message: err.message, ...(err.param ? { param: err.param } : {}) };
    }
    throw e;
  }
}
