import type { RouteDef, Ctx } from "../router";
import { invalidRequest } from "../errors";
import { mergeMetadata, obj, str } from "../params";
import { previousAttributes } from "../session";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, queryObjects, saveObject } from "../store";
import { cancelNow } from "../billing/subscription-engine";
import { attachPaymentMethod } from "./payment-methods";
import { listResponse, searchResponse } from "./common";

function applyCustomerParams(c: StripeObj, p: Ctx["params"]) {
  for (const k of ["email", "name", "description", "phone"] as const) {
    const v = str(p, k);
    if (v !== undefined) c[k] = v === "" ? null : v;
  }
  c.metadata = mergeMetadata(c.metadata as Record<string, string>, p);
  const address = obj(p, "address");
  if (address) c.address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...address };
  const settings = obj(p, "invoice_settings");
  if (settings && "default_payment_method" in settings) {
    const v = settings.default_payment_method;
    (c.invoice_settings as Record<string, unknown>).default_payment_method = v === "" ? null : v;
  }
}

async function checkDefaultPm(ctx: Ctx, c: StripeObj) {
  const pmId = (c.invoice_settings as Record<string, unknown>).default_payment_method;
  if (typeof pmId !== "string") return;
  const pm = await getObject(ctx.tx, pmId, "payment_method", "invoice_settings[default_payment_method]");
  if (pm.customer !== c.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
      "invoice_settings[default_payment_method]",
      "resource_missing",
    );
  }
}

export async function createCustomer(ctx: Ctx) {
  const p = ctx.params;
  const c = build("customer", {
    id: stripeId("cus"),
    object: "customer",
    created: nowUnix(),
    invoice_prefix: stripeId("x").slice(2, 10).toUpperCase(),
    email: null,
    name: null,
    description: null,
    phone: null,
    test_clock: str(p, "test_clock") ?? null,
  });
  applyCustomerParams(c, p);
  const pendingDefault = (c.invoice_settings as Record<string, unknown>).default_payment_method;
  (c.invoice_settings as Record<string, unknown>).default_payment_method = null;
  await insertObject(ctx.tx, c);
  const pmParam = str(p, "payment_method");
  if (pmParam) {
    const pm = await attachPaymentMethod(ctx, pmParam, c.id);
    if (pendingDefault === pmParam) (c.invoice_settings as Record<string, unknown>).default_payment_method = pm.id;
  }
  if (typeof pendingDefault === "string" && pendingDefault !== pmParam) {
    (c.invoice_settings as Record<string, unknown>).default_payment_method = pendingDefault;
    await checkDefaultPm(ctx, c);
  }
  await saveObject(ctx.tx, c);
  await ctx.emit("customer.created", c);
  return c;
}

async function retrieve(ctx: Ctx) {
  return getObject(ctx.tx, ctx.pathParams.id, "customer");
}

async function update(ctx: Ctx) {
  const c = await getObject(ctx.tx, ctx.pathParams.id, "customer");
  if (c.deleted) throw invalidRequest("You cannot update a deleted customer.");
  const before = structuredClone(c);
  applyCustomerParams(c, ctx.params);
  await checkDefaultPm(ctx, c);
  await saveObject(ctx.tx, c);
  const prev = previousAttributes(before, c);
  if (prev) await ctx.emit("customer.updated", c, prev);
  return c;
}

async function del(ctx: Ctx) {
  const c = await getObject(ctx.tx, ctx.pathParams.id, "customer");
  if (c.deleted) throw invalidRequest(`No such customer: '${c.id}'`, "id", "resource_missing");
  // Stripe cancels a deleted customer's subscriptions at once (customer.subscription.deleted each)
  const live = await queryObjects(ctx.tx, "subscription", { customer: c.id, where: (o) => o.status !== "canceled" && o.status !== "incomplete_expired" });
  for (const sub of live) await cancelNow(ctx, sub, "cancellation_requested");
  const stub = { id: c.id, object: "customer", deleted: true };
  await saveObject(ctx.tx, stub);
  await ctx.emit("customer.deleted", c);
  return stub;
}

async function list(ctx: Ctx) {
  const email = str(ctx.params, "email");
  return listResponse(ctx, "customer", { where: (o) => !o.deleted && (!email || o.email === email) });
}

export const customerRoutes: RouteDef[] = [
  ["POST", "/v1/customers", createCustomer],
  ["GET", "/v1/customers", list],
  ["GET", "/v1/customers/search", (ctx) => searchResponse(ctx, "customer")],
  ["GET", "/v1/customers/:id", retrieve],
  ["POST", "/v1/customers/:id", update],
  ["DELETE", "/v1/customers/:id", del],
];
