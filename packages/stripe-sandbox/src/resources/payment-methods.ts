import { createHash } from "node:crypto";
import type { Ctx, RouteDef } from "../router";
import type { Session } from "../session";
import { PM_TOKENS, TEST_CARDS, findTestCard, setupOutcome, type TestCard } from "../cards";
import { cardError, invalidRequest, missingParam, resourceMissing } from "../errors";
import { int, mergeMetadata, obj, reqStr, str } from "../params";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { findObject, getObject, insertObject, queryObjects, saveObject } from "../store";
import { listResponse } from "./common";

export function fingerprintOf(number: string) {
  return createHash("sha256").update(`sandbox-card:${number}`).digest("base64url").slice(0, 16);
}

/** The test card behind a stored payment method. */
export function cardOf(pm: StripeObj): TestCard {
  const fp = (pm.card as Record<string, unknown> | undefined)?.fingerprint;
  return TEST_CARDS.find((c) => fingerprintOf(c.number) === fp) ?? TEST_CARDS[0];
}

function luhn(n: string) {
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let d = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Build a card PaymentMethod from `card[number]` (test numbers only) or a `pm_card_*` token. */
export async function createCardPaymentMethod(
  s: Session,
  input: { number: string; exp_month?: number; exp_year?: number; billing_details?: Record<string, unknown>; metadata?: Record<string, string> },
): Promise<StripeObj> {
  const number = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) {
    throw cardError("incorrect_number", "Your card number is incorrect.", { param: "card[number]" });
  }
  const card = findTestCard(number);
  if (!card) {
    throw cardError("card_declined", "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://stripe.com/docs/testing.", { decline_code: "test_mode_live_card" });
  }
  const year = new Date(nowUnix() * 1000).getUTCFullYear();
  const expYear = input.exp_year ?? year + 3;
  const expMonth = input.exp_month ?? 12;
  if (expMonth < 1 || expMonth > 12) throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", { param: "card[exp_month]" });
  if (expYear < year) throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", { param: "card[exp_year]" });
  const pm = build("payment_method", {
    id: stripeId("pm"),
    object: "payment_method",
    created: nowUnix(),
    customer: null,
    type: "card",
    allow_redisplay: "unspecified",
    metadata: input.metadata ?? {},
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
      ...(input.billing_details ?? {}),
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: expMonth,
      exp_year: expYear,
      fingerprint: fingerprintOf(number),
      funding: card.funding,
      generated_from: null,
      last4: number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
      regulated_status: "unregulated",
    },
  });
  await insertObject(s.tx, pm);
  return pm;
}

/** A `pm_…` id, or a `pm_card_visa`-style token (which creates a fresh PaymentMethod). */
export async function resolvePaymentMethod(s: Session, idOrToken: string, param = "payment_method"): Promise<StripeObj> {
  const token = PM_TOKENS[idOrToken];
  if (token) return createCardPaymentMethod(s, { number: token });
  const pm = await findObject(s.tx, idOrToken, "payment_method");
  if (!pm) throw resourceMissing("PaymentMethod", idOrToken, param);
  return pm;
}

export async function attachPaymentMethod(s: Session, idOrToken: string, customerId: string): Promise<StripeObj> {
  const customer = await getObject(s.tx, customerId, "customer", "customer");
  if (customer.deleted) throw resourceMissing("customer", customerId, "customer");
  const pm = await resolvePaymentMethod(s, idOrToken);
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", "payment_method");
  }
  if (pm.customer === customerId) return pm;
  const outcome = setupOutcome(cardOf(pm).behaviour);
  if (outcome !== "ok" && outcome !== "requires_action") {
    throw cardError(outcome.code, outcome.message, { decline_code: outcome.decline_code, payment_method: pm });
  }
  pm.customer = customerId;
  await saveObject(s.tx, pm);
  await s.emit("payment_method.attached", pm);
  return pm;
}

export async function detachPaymentMethod(s: Session, pmId: string): Promise<StripeObj> {
  const pm = await getObject(s.tx, pmId, "payment_method");
  if (!pm.customer) throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", "payment_method");
  const customer = await findObject(s.tx, pm.customer as string, "customer");
  pm.customer = null;
  await saveObject(s.tx, pm);
  const settings = customer?.invoice_settings as Record<string, unknown> | undefined;
  if (customer && settings?.default_payment_method === pmId) {
    settings.default_payment_method = null;
    await saveObject(s.tx, customer);
    await s.emit("customer.updated", customer, { invoice_settings: { ...settings, default_payment_method: pmId } });
  }
  for (const sub of await queryObjects(s.tx, "subscription", { customer: customer?.id, contains: { default_payment_method: pmId } })) {
    sub.default_payment_method = null;
    await saveObject(s.tx, sub);
  }
  await s.emit("payment_method.detached", pm, { customer: customer?.id ?? null });
  return pm;
}

async function create(ctx: Ctx) {
  const p = ctx.params;
  const type = str(p, "type") ?? "card";
  if (type !== "card") throw invalidRequest("The sandbox supports card payment methods only.", "type");
  const card = obj(p, "card");
  if (!card) throw missingParam("card");
  const token = typeof card.token === "string" ? PM_TOKENS[card.token.replace(/^tok_/, "pm_card_")] : undefined;
  const number = token ?? (typeof card.number === "string" ? card.number : undefined);
  if (!number) throw missingParam("card[number]");
  return createCardPaymentMethod(ctx, {
    number,
    exp_month: int(card, "exp_month"),
    exp_year: int(card, "exp_year"),
    billing_details: obj(p, "billing_details") as Record<string, unknown> | undefined,
    metadata: mergeMetadata({}, p),
  });
}

async function update(ctx: Ctx) {
  const pm = await getObject(ctx.tx, ctx.pathParams.id, "payment_method");
  pm.metadata = mergeMetadata(pm.metadata as Record<string, string>, ctx.params);
  const bd = obj(ctx.params, "billing_details");
  if (bd) pm.billing_details = { ...(pm.billing_details as object), ...bd };
  await saveObject(ctx.tx, pm);
  await ctx.emit("payment_method.updated", pm);
  return pm;
}

async function list(ctx: Ctx, customer?: string) {
  const c = customer ?? str(ctx.params, "customer");
  if (c) await getObject(ctx.tx, c, "customer", "customer");
  return listResponse(ctx, "payment_method", { customer: c, where: (o) => (c ? o.customer === c : true) });
}

export const paymentMethodRoutes: RouteDef[] = [
  ["POST", "/v1/payment_methods", create],
  ["GET", "/v1/payment_methods", (ctx) => list(ctx)],
  ["GET", "/v1/payment_methods/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "payment_method")],
  ["POST", "/v1/payment_methods/:id", update],
  ["POST", "/v1/payment_methods/:id/attach", (ctx) => attachPaymentMethod(ctx, ctx.pathParams.id, reqStr(ctx.params, "customer"))],
  ["POST", "/v1/payment_methods/:id/detach", (ctx) => detachPaymentMethod(ctx, ctx.pathParams.id)],
  ["GET", "/v1/customers/:customer/payment_methods", (ctx) => list(ctx, ctx.pathParams.customer)],
  [
    "GET",
    "/v1/customers/:customer/payment_methods/:id",
    async (ctx) => {
      const pm = await getObject(ctx.tx, ctx.pathParams.id, "payment_method");
      if (pm.customer !== ctx.pathParams.customer) throw resourceMissing("PaymentMethod", pm.id);
      return pm;
    },
  ],
];
