import { runtime } from "../runtime";
import { chargeOutcome, type DeclineInfo } from "../cards";
import type { Session } from "../session";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { findObject, insertObject, saveObject } from "../store";
import { cardOf } from "../resources/payment-methods";

export type PaymentResult = { pi: StripeObj; outcome: "succeeded" | "failed" | "requires_action"; decline?: DeclineInfo };

export function newPaymentIntent(input: {
  amount: number;
  currency: string;
  customer: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
  payment_method?: string | null;
  setup_future_usage?: string | null;
}): StripeObj {
  const id = stripeId("pi");
  return build("payment_intent", {
    id,
    object: "payment_intent",
    created: nowUnix(),
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: `${id}_secret_${stripeId("x").slice(2)}`,
    confirmation_method: "automatic",
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    metadata: input.metadata ?? {},
    next_action: null,
    payment_method: input.payment_method ?? null,
    payment_method_configuration_details: null,
    payment_method_types: ["card"],
    processing: null,
    setup_future_usage: input.setup_future_usage ?? null,
    shipping: null,
    status: input.payment_method ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
  });
}

function newCharge(pi: StripeObj, pm: StripeObj, decline: DeclineInfo | undefined): StripeObj {
  const card = pm.card as Record<string, unknown>;
  const ok = !decline;
  return build("charge", {
    id: stripeId("ch"),
    object: "charge",
    created: nowUnix(),
    amount: pi.amount,
    amount_captured: ok ? pi.amount : 0,
    amount_refunded: 0,
    balance_transaction: ok ? stripeId("txn") : null,
    billing_details: pm.billing_details,
    captured: ok,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    metadata: pi.metadata,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: ok ? "approved_by_network" : "declined_by_network",
      reason: decline?.decline_code ?? null,
      risk_level: "normal",
      seller_message: ok ? "Payment complete." : "The bank did not return any further details with this decline.",
      type: ok ? "authorized" : "issuer_declined",
    },
    paid: ok,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: ok ? pi.amount : null, authorization_code: null, brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" }, country: "US",
        electronic_commerce_indicator: null, exp_month: card.exp_month, exp_year: card.exp_year, fingerprint: card.fingerprint,
        funding: card.funding, installments: null, last4: card.last4, mandate: null, network: card.brand,
        network_transaction_id: null, regulated_status: "unregulated", three_d_secure: null, transaction_link_id: null, wallet: null,
      },
      type: "card",
    },
    receipt_url: ok ? `${runtime().hostedUrl}/invoices/${pi.id}` : null,
    refunded: false,
    refunds: { object: "list", data: [], has_more: false, url: "" },
    status: ok ? "succeeded" : "failed",
  });
}

/** The cardholder disputes the charge (test card 4000000000000259): a `needs_response` fraud dispute. */
async function openDispute(s: Session, charge: StripeObj) {
  const dispute: StripeObj = {
    id: stripeId("dp"), object: "dispute", amount: charge.amount, balance_transactions: [], charge: charge.id, created: nowUnix(),
    currency: charge.currency, enhanced_eligibility_types: [], evidence_details: { due_by: nowUnix() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false, livemode: false, metadata: {}, payment_intent: charge.payment_intent,
    payment_method_details: { card: { brand: (charge.payment_method_details as { card: { brand: string } }).card.brand, case_type: "chargeback", network_reason_code: "10.4" }, type: "card" },
    reason: "fraudulent", status: "needs_response",
  };
  await insertObject(s.tx, dispute);
  charge.disputed = true;
  await saveObject(s.tx, charge);
  await s.emit("charge.dispute.created", dispute);
}

/** Whether this payment method was authenticated for off-session use (3DS cards, after a SetupIntent). */
async function authenticated(s: Session, pmId: string) {
  return Boolean(await findObject(s.tx, `sbxauth_${pmId}`));
}

export async function markAuthenticated(s: Session, pmId: string) {
  if (!(await authenticated(s, pmId))) await insertObject(s.tx, { id: `sbxauth_${pmId}`, object: "sandbox_authentication", created: nowUnix() });
}

/**
 * Confirm a PaymentIntent with its payment method: charge the test card and move the intent to
 * succeeded / requires_payment_method / requires_action, recording charges and events.
 */
export async function confirmPaymentIntent(s: Session, pi: StripeObj, opts: { offSession: boolean; authenticated?: boolean }): Promise<PaymentResult> {
  const pm = await findObject(s.tx, pi.payment_method as string, "payment_method");
  if (!pm) throw new Error(`payment method ${String(pi.payment_method)} not found`);
  let outcome = chargeOutcome(cardOf(pm).behaviour);
  if (outcome === "requires_action" && (opts.authenticated || (await authenticated(s, pm.id)))) outcome = "ok";
  if (outcome === "requires_action") {
    pi.status = "requires_action";
    pi.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { url: `${runtime().hostedUrl}/authenticate/${pi.id}`, return_url: null },
    };
    pi.last_payment_error = opts.offSession
      ? { type: "card_error", code: "authentication_required", decline_code: "authentication_required", message: "Your card was declined. This transaction requires authentication.", payment_method: pm }
      : null;
    await saveObject(s.tx, pi);
    await s.emit("payment_intent.requires_action", pi);
    return { pi, outcome: "requires_action", decline: { code: "authentication_required", message: "This transaction requires authentication." } };
  }
  const decline = outcome === "ok" ? undefined : outcome;
  const charge = newCharge(pi, pm, decline);
  await insertObject(s.tx, charge);
  pi.latest_charge = charge.id;
  pi.next_action = null;
  if (decline) {
    pi.status = "requires_payment_method";
    pi.last_payment_error = { type: "card_error", charge: charge.id, code: decline.code, decline_code: decline.decline_code, message: decline.message, payment_method: pm };
    await saveObject(s.tx, pi);
    await s.emit("charge.failed", charge);
    await s.emit("payment_intent.payment_failed", pi);
    return { pi, outcome: "failed", decline };
  }
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  pi.last_payment_error = null;
  await saveObject(s.tx, pi);
  await s.emit("charge.succeeded", charge);
  await s.emit("payment_intent.succeeded", pi);
  if (cardOf(pm).behaviour === "disputed") await openDispute(s, charge);
  return { pi, outcome: "succeeded" };
}
