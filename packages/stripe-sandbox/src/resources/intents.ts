import { runtime } from "../runtime";
import type { Ctx, RouteDef } from "../router";
import { cardError, invalidRequest, missingParam } from "../errors";
import { bool, int, mergeMetadata, str } from "../params";
import { setupOutcome } from "../cards";
import type { Session } from "../session";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, saveObject } from "../store";
import { confirmPaymentIntent, markAuthenticated, newPaymentIntent } from "../billing/payments";
import { attachPaymentMethod, cardOf, resolvePaymentMethod } from "./payment-methods";
import { listResponse } from "./common";

/** Confirm a SetupIntent: save the card for later (attach), or fail / ask for authentication like the test card says. */
export async function confirmSetupIntent(s: Session, si: StripeObj, opts: { authenticated?: boolean } = {}): Promise<StripeObj> {
  const pm = await getObject(s.tx, si.payment_method as string, "payment_method", "payment_method");
  let outcome = setupOutcome(cardOf(pm).behaviour);
  if (outcome === "requires_action" && opts.authenticated) outcome = "ok";
  if (outcome === "requires_action") {
    si.status = "requires_action";
    si.next_action = { type: "redirect_to_url", redirect_to_url: { url: `${runtime().hostedUrl}/authenticate/${si.id}`, return_url: null } };
    await saveObject(s.tx, si);
    await s.emit("setup_intent.requires_action", si);
    return si;
  }
  if (outcome !== "ok") {
    si.status = "requires_payment_method";
    si.last_setup_error = { type: "card_error", code: outcome.code, decline_code: outcome.decline_code, message: outcome.message, payment_method: pm };
    si.payment_method = null;
    await saveObject(s.tx, si);
    await s.emit("setup_intent.setup_failed", si);
    throw cardError(outcome.code, outcome.message, { decline_code: outcome.decline_code, setup_intent: si });
  }
  if (si.customer) await attachPaymentMethod(s, pm.id, si.customer as string);
  if (cardOf(pm).behaviour === "requires_action") await markAuthenticated(s, pm.id);
  si.status = "succeeded";
  si.next_action = null;
  si.last_setup_error = null;
  si.latest_attempt = stripeId("setatt");
  await saveObject(s.tx, si);
  await s.emit("setup_intent.succeeded", si);
  return si;
}

async function createSetupIntent(ctx: Ctx) {
  const p = ctx.params;
  const customer = str(p, "customer") || null;
  if (customer) await getObject(ctx.tx, customer, "customer", "customer");
  const pmParam = str(p, "payment_method");
  const pm = pmParam ? await resolvePaymentMethod(ctx, pmParam) : null;
  const id = stripeId("seti");
  const si = build("setup_intent", {
    id, object: "setup_intent", created: nowUnix(), client_secret: `${id}_secret_${stripeId("x").slice(2)}`,
    customer, description: str(p, "description") || null, last_setup_error: null, latest_attempt: null,
    metadata: mergeMetadata({}, p), next_action: null, payment_method: pm?.id ?? null,
    payment_method_configuration_details: null, payment_method_types: ["card"],
    status: pm ? "requires_confirmation" : "requires_payment_method", usage: str(p, "usage") ?? "off_session",
    automatic_payment_methods: null,
  });
  await insertObject(ctx.tx, si);
  await ctx.emit("setup_intent.created", si);
  if (bool(p, "confirm")) {
    if (!pm) throw missingParam("payment_method");
    return confirmSetupIntent(ctx, si);
  }
  return si;
}

async function confirmSetup(ctx: Ctx) {
  const si = await getObject(ctx.tx, ctx.pathParams.id, "setup_intent");
  if (si.status === "succeeded" || si.status === "canceled") throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${String(si.status)}.`, undefined, "setup_intent_unexpected_state");
  const pmParam = str(ctx.params, "payment_method");
  if (pmParam) si.payment_method = (await resolvePaymentMethod(ctx, pmParam)).id;
  if (!si.payment_method) throw missingParam("payment_method");
  return confirmSetupIntent(ctx, si);
}

async function createPaymentIntent(ctx: Ctx) {
  const p = ctx.params;
  const amount = int(p, "amount", { min: 1 });
  if (amount === undefined) throw missingParam("amount");
  if (amount < 50) throw invalidRequest("Amount must be at least $0.50 usd", "amount", "amount_too_small");
  const currency = str(p, "currency")?.toLowerCase();
  if (!currency) throw missingParam("currency");
  const customer = str(p, "customer") || null;
  if (customer) await getObject(ctx.tx, customer, "customer", "customer");
  const pmParam = str(p, "payment_method");
  const pm = pmParam ? await resolvePaymentMethod(ctx, pmParam) : null;
  const pi = newPaymentIntent({ amount, currency, customer, description: str(p, "description") || null, metadata: mergeMetadata({}, p), payment_method: pm?.id ?? null, setup_future_usage: str(p, "setup_future_usage") || null });
  await insertObject(ctx.tx, pi);
  await ctx.emit("payment_intent.created", pi);
  if (bool(p, "confirm")) return confirmPi(ctx, pi, bool(p, "off_session") ?? false);
  return pi;
}

async function confirmPi(ctx: Ctx, pi: StripeObj, offSession: boolean) {
  if (!pi.payment_method) throw missingParam("payment_method");
  const result = await confirmPaymentIntent(ctx, pi, { offSession });
  if (result.outcome === "failed") {
    throw cardError(result.decline!.code, result.decline!.message, { decline_code: result.decline!.decline_code, payment_intent: pi, charge: pi.latest_charge });
  }
  if (result.outcome === "succeeded" && pi.setup_future_usage && pi.customer) await attachPaymentMethod(ctx, pi.payment_method as string, pi.customer as string);
  return pi;
}

async function confirmPaymentIntentRoute(ctx: Ctx) {
  const pi = await getObject(ctx.tx, ctx.pathParams.id, "payment_intent");
  if (pi.status === "succeeded" || pi.status === "canceled") throw invalidRequest(`You cannot confirm this PaymentIntent because it has a status of ${String(pi.status)}.`, undefined, "payment_intent_unexpected_state");
  const pmParam = str(ctx.params, "payment_method");
  if (pmParam) pi.payment_method = (await resolvePaymentMethod(ctx, pmParam)).id;
  return confirmPi(ctx, pi, bool(ctx.params, "off_session") ?? false);
}

async function cancelIntent(ctx: Ctx, type: "payment_intent" | "setup_intent") {
  const obj = await getObject(ctx.tx, ctx.pathParams.id, type);
  if (obj.status === "succeeded") throw invalidRequest(`You cannot cancel this ${type === "payment_intent" ? "PaymentIntent" : "SetupIntent"} because it has a status of succeeded.`);
  obj.status = "canceled";
  obj.cancellation_reason = str(ctx.params, "cancellation_reason") ?? "requested_by_customer";
  if (type === "payment_intent") obj.canceled_at = nowUnix();
  await saveObject(ctx.tx, obj);
  await ctx.emit(`${type}.canceled`, obj);
  return obj;
}

const byCustomer = (ctx: Ctx, type: string) => {
  const customer = str(ctx.params, "customer");
  return listResponse(ctx, type, { customer, where: (o) => !customer || o.customer === customer });
};

export const intentRoutes: RouteDef[] = [
  ["POST", "/v1/setup_intents", createSetupIntent],
  ["GET", "/v1/setup_intents", (ctx) => byCustomer(ctx, "setup_intent")],
  ["GET", "/v1/setup_intents/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "setup_intent")],
  ["POST", "/v1/setup_intents/:id/confirm", confirmSetup],
  ["POST", "/v1/setup_intents/:id/cancel", (ctx) => cancelIntent(ctx, "setup_intent")],
  ["POST", "/v1/payment_intents", createPaymentIntent],
  ["GET", "/v1/payment_intents", (ctx) => byCustomer(ctx, "payment_intent")],
  ["GET", "/v1/payment_intents/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "payment_intent")],
  ["POST", "/v1/payment_intents/:id/confirm", confirmPaymentIntentRoute],
  ["POST", "/v1/payment_intents/:id/cancel", (ctx) => cancelIntent(ctx, "payment_intent")],
  ["GET", "/v1/charges", (ctx) => byCustomer(ctx, "charge")],
  ["GET", "/v1/charges/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "charge")],
];

