import { runtime } from "../runtime";
import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam, resourceMissing } from "../errors";
import type { FormObject } from "../form";
import { arr, bool, int, mergeMetadata, obj, oneOf, reqStr, str } from "../params";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, paginate, queryObjects, saveObject } from "../store";
import { priceAmount } from "../billing/money";
import { recurringOf } from "../billing/subscription-engine";
import { listResponse, pageParams } from "./common";
import { discountParams } from "./subscriptions";


async function lineItemsFrom(ctx: Ctx, p: FormObject, mode: string) {
  const raw = arr(p, "line_items") ?? [];
  if (mode !== "setup" && raw.length === 0) throw missingParam("line_items");
  const out: StripeObj[] = [];
  for (let i = 0; i < raw.length; i++) {
    const li = raw[i] as FormObject;
    if (typeof li !== "object" || Array.isArray(li)) throw invalidRequest("Invalid line_items", `line_items[${i}]`);
    const priceId = str(li, "price");
    if (!priceId) throw missingParam(`line_items[${i}][price]`);
    const price = await getObject(ctx.tx, priceId, "price", `line_items[${i}][price]`);
    if (!price.active) throw invalidRequest("The price specified is inactive.", `line_items[${i}][price]`);
    if (mode === "payment" && price.type === "recurring") throw invalidRequest("You must be in `subscription` mode to use recurring prices.", `line_items[${i}][price]`);
    if (mode === "subscription" && price.type !== "recurring") {
      // one-time prices are allowed on the first subscription invoice in Stripe; the sandbox keeps it simple
      throw invalidRequest("The sandbox supports recurring prices only in `subscription` mode.", `line_items[${i}][price]`);
    }
    const metered = price.type === "recurring" && recurringOf(price).usage_type === "metered";
    const quantity = metered ? undefined : (int(li, "quantity", { min: 1 }) ?? 1);
    const amount = metered ? 0 : priceAmount(price, quantity ?? 1);
    out.push({
      id: stripeId("li"), object: "item", amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount,
      adjustable_quantity: null, currency: price.currency, description: String(price.nickname ?? price.product), metadata: {}, price,
      quantity: quantity ?? null,
    } as StripeObj);
  }
  return out;
}

async function create(ctx: Ctx) {
  const p = ctx.params;
  const mode = oneOf(p, "mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw missingParam("mode");
  const successUrl = str(p, "success_url");
  if (!successUrl) throw missingParam("success_url");
  const customer = str(p, "customer") || null;
  if (customer) {
    const c = await getObject(ctx.tx, customer, "customer", "customer");
    if (c.deleted) throw resourceMissing("customer", customer, "customer");
  }
  const items = await lineItemsFrom(ctx, p, mode);
  const subtotal = items.reduce((a, li) => a + (li.amount_subtotal as number), 0);
  const subData = obj(p, "subscription_data") ?? {};
  const trialDays = int(subData, "trial_period_days", { min: 1 });
  const trialEnd = int(subData, "trial_end");
  const discounts = discountParams(p) ?? [];
  if (discounts.length && bool(p, "allow_promotion_codes")) throw invalidRequest("You may only specify one of these parameters: allow_promotion_codes, discounts.", "discounts");
  for (const d of discounts) {
    if (d.coupon) await getObject(ctx.tx, d.coupon, "coupon", "discounts[0][coupon]");
    if (d.promotion_code) await getObject(ctx.tx, d.promotion_code, "promotion_code", "discounts[0][promotion_code]");
  }
  const id = `cs_test_${stripeId("x").slice(2)}${stripeId("x").slice(2)}`.slice(0, 66);
  const now = nowUnix();
  const currency = (items[0]?.currency as string) ?? str(p, "currency")?.toLowerCase() ?? "usd";
  const session = build("checkout.session", {
    id, object: "checkout.session", created: now, expires_at: int(p, "expires_at") ?? now + 24 * 3600,
    mode, status: "open", payment_status: mode === "setup" ? "no_payment_required" : "unpaid",
    allow_promotion_codes: bool(p, "allow_promotion_codes") ?? null,
    amount_subtotal: mode === "setup" ? null : subtotal, amount_total: mode === "setup" ? null : subtotal,
    cancel_url: str(p, "cancel_url") ?? null, success_url: successUrl, client_reference_id: str(p, "client_reference_id") || null,
    currency: mode === "setup" ? (str(p, "currency") ?? null) : currency, customer, customer_email: str(p, "customer_email") || null,
    customer_creation: customer ? null : (str(p, "customer_creation") ?? (mode === "payment" ? "if_required" : "always")),
    customer_details: null, discounts: discounts.length ? discounts.map((d) => ({ coupon: d.coupon ?? null, promotion_code: d.promotion_code ?? null })) : null,
    invoice: null, locale: null, metadata: mergeMetadata({}, p), payment_intent: null, setup_intent: null, subscription: null,
    payment_method_collection: mode === "subscription" ? (str(p, "payment_method_collection") ?? "always") : null,
    payment_method_types: ["card"], total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page", url: `${runtime().hostedUrl}/checkout/${id}`,
    line_items: { object: "list", data: items, has_more: false, url: `/v1/checkout/sessions/${id}/line_items` },
    // request-only parameters, kept for completing the session and never returned (`_` fields are internal)
    _subscription_data: mode === "subscription" ? { trial_period_days: trialDays ?? null, trial_end: trialEnd ?? null, metadata: mergeMetadata({}, subData) } : undefined,
    _payment_intent_data: mode === "payment" ? { setup_future_usage: str(obj(p, "payment_intent_data") ?? {}, "setup_future_usage") ?? null, metadata: mergeMetadata({}, obj(p, "payment_intent_data") ?? {}) } : undefined,
  });
  await insertObject(ctx.tx, session);
  return session;
}

async function expire(ctx: Ctx) {
  const s = await getObject(ctx.tx, ctx.pathParams.id, "checkout.session");
  if (s.status !== "open") throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(s.status)}".`);
  s.status = "expired";
  s.url = null;
  await saveObject(ctx.tx, s);
  await ctx.emit("checkout.session.expired", s);
  return s;
}

async function createPortal(ctx: Ctx) {
  const p = ctx.params;
  const customer = await getObject(ctx.tx, reqStr(p, "customer"), "customer", "customer");
  const requested = str(p, "configuration");
  // without one, Stripe uses the account's default configuration (created on first use here)
  const configuration = requested
    ? (await getObject(ctx.tx, requested, "billing_portal.configuration", "configuration")).id
    : (await defaultPortalConfiguration(ctx)).id;
  const id = stripeId("bps");
  const flow = obj(p, "flow_data");
  const session = build("billing_portal.session", {
    id, object: "billing_portal.session", created: nowUnix(), customer: customer.id, livemode: false,
    configuration, flow: flow ?? null, locale: null, on_behalf_of: null, return_url: str(p, "return_url") ?? null,
    url: `${runtime().hostedUrl}/portal/${id}`,
  });
  await insertObject(ctx.tx, session);
  return session;
}

async function defaultPortalConfiguration(ctx: Ctx): Promise<StripeObj> {
  const [found] = await queryObjects(ctx.tx, "billing_portal.configuration", { contains: { is_default: true } });
  if (found) return found;
  return createPortalConfig({ ...ctx, params: {} }, true);
}

async function createPortalConfig(ctx: Ctx, isDefault = false) {
  const p = ctx.params;
  const cfg = {
    id: stripeId("bpc"), object: "billing_portal.configuration", active: true, created: nowUnix(), updated: nowUnix(),
    livemode: false, is_default: isDefault, metadata: mergeMetadata({}, p), business_profile: obj(p, "business_profile") ?? {},
    default_return_url: str(p, "default_return_url") ?? null, features: obj(p, "features") ?? {}, application: null,
  } as StripeObj;
  await insertObject(ctx.tx, cfg);
  return cfg;
}

export const checkoutRoutes: RouteDef[] = [
  ["POST", "/v1/checkout/sessions", create],
  ["GET", "/v1/checkout/sessions", (ctx) => {
    const p = ctx.params;
    const [customer, subscription, pi, status] = [str(p, "customer"), str(p, "subscription"), str(p, "payment_intent"), str(p, "status")];
    return listResponse(ctx, "checkout.session", {
      where: (o) => (!customer || o.customer === customer) && (!subscription || o.subscription === subscription) && (!pi || o.payment_intent === pi) && (!status || o.status === status),
    });
  }],
  ["GET", "/v1/checkout/sessions/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "checkout.session")],
  ["GET", "/v1/checkout/sessions/:id/line_items", async (ctx) => {
    const s = await getObject(ctx.tx, ctx.pathParams.id, "checkout.session");
    return paginate((s.line_items as { data: StripeObj[] }).data, pageParams(ctx.params), ctx.path);
  }],
  ["POST", "/v1/checkout/sessions/:id/expire", expire],
  ["POST", "/v1/billing_portal/sessions", createPortal],
  ["POST", "/v1/billing_portal/configurations", createPortalConfig],
  ["GET", "/v1/billing_portal/configurations", (ctx) => listResponse(ctx, "billing_portal.configuration")],
  ["GET", "/v1/billing_portal/configurations/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "billing_portal.configuration")],
  ["POST", "/v1/billing_portal/configurations/:id", async (ctx) => {
    const cfg = await getObject(ctx.tx, ctx.pathParams.id, "billing_portal.configuration");
    const features = obj(ctx.params, "features");
    if (features) cfg.features = features;
    const active = bool(ctx.params, "active");
    if (active !== undefined) cfg.active = active;
    cfg.metadata = mergeMetadata(cfg.metadata as Record<string, string>, ctx.params);
    cfg.updated = nowUnix();
    await saveObject(ctx.tx, cfg);
    return cfg;
  }],
];

