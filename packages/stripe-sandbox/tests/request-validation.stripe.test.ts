import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import description from "../src/api-description.json";
import type { ApiDescription, Schema } from "../src/api-schema";
import { sandbox, stripe, uid } from "./harness";

/**
 * The sandbox refuses what Stripe refuses, before doing anything: unknown parameters at any depth,
 * wrong types, values outside an enum, "" for a parameter that cannot be unset, and expansions of
 * fields this API version does not have — 400 invalid_request_error with Stripe's `param` naming.
 * The cases come from the API description (src/api-description.json) where they can.
 */
const api = description as unknown as ApiDescription;
const endpoints = sandbox.testing.describedEndpoints();

type Answer = { status: number; error?: { type: string; code?: string; param?: string; message: string } };

async function send(method: string, path: string, form: string): Promise<Answer> {
  const url = new URL(`https://api.stripe.com${path}`);
  const init: RequestInit = { method, headers: { authorization: "Bearer sk_test_validation", "content-type": "application/x-www-form-urlencoded" } };
  if (method === "POST") init.body = form;
  else url.search = form;
  const res = await sandbox.fetch(url.toString(), init);
  const body = (await res.json()) as { error?: Answer["error"] };
  return { status: res.status, error: body.error };
}

/** `/v1/prices/:id` → `/v1/prices/zz_missing` (validation comes before the object is looked up). */
const concrete = (pattern: string) => pattern.replace(/:\w+/g, "zz_missing");
const split = (endpoint: string) => endpoint.split(" ") as [string, string];

function deref(s: Schema): Schema {
  let out = s;
  while (out.t === "ref") out = api.defs[out.ref];
  return out;
}
const acceptsEmpty = (s: Schema): boolean => {
  const d = deref(s);
  return d.t === "any" || d.t === "empty" || d.t === "null" || (d.t === "union" && d.of.some(acceptsEmpty));
};
const isScalarString = (s: Schema): boolean => {
  const d = deref(s);
  return d.t === "string" || d.t === "number" || d.t === "boolean";
};

describe("request validation against API 2026-10-28.endive", () => {
  it("the description covers every route of the sandbox, and only this API version's", () => {
    expect(api.apiVersion).toBe("2026-10-28.endive");
    expect(endpoints.length).toBeGreaterThanOrEqual(90);
    expect(endpoints).toContain("POST /v1/prices");
    expect(endpoints).not.toContain("GET /v1/invoices/upcoming");
  });

  it("an unknown top-level parameter → 400 parameter_unknown, on every endpoint", async () => {
    const accepted: string[] = [];
    for (const endpoint of endpoints) {
      const [method, pattern] = split(endpoint);
      const r = await send(method, concrete(pattern), "zz_unknown=1");
      if (r.status !== 400 || r.error?.code !== "parameter_unknown" || r.error.param !== "zz_unknown") accepted.push(`${endpoint} → ${r.status} ${JSON.stringify(r.error)}`);
      else expect(r.error).toMatchObject({ type: "invalid_request_error", message: "Received unknown parameter: zz_unknown" });
    }
    expect(accepted).toEqual([]);
  });

  it.each([
    ["POST /v1/prices", "currency=usd&unit_amount=100&product=prod_x&recurring[interval]=month&recurring[foo]=1", "recurring[foo]"],
    ["POST /v1/subscriptions", "customer=cus_x&items[0][price]=price_x&items[0][foo]=1", "items[0][foo]"],
    ["POST /v1/subscriptions/:id", "items[0][id]=si_x&items[0][price]=price_x&items[0][bar]=2", "items[0][bar]"],
    ["POST /v1/checkout/sessions", "mode=subscription&success_url=https%3A%2F%2Fx.test&line_items[0][price]=price_x&line_items[0][quantity]=1&line_items[0][foo]=1", "line_items[0][foo]"],
    ["POST /v1/invoices/create_preview", "customer=cus_x&subscription_details[items][0][price]=price_x&subscription_details[items][0][foo]=1", "subscription_details[items][0][foo]"],
    ["POST /v1/customers/:id", "invoice_settings[default_payment_method]=pm_x&invoice_settings[foo]=1", "invoice_settings[foo]"],
    ["POST /v1/promotion_codes", "code=X&promotion[type]=coupon&promotion[coupon]=c&promotion[foo]=1", "promotion[foo]"],
    ["POST /v1/payment_methods", "type=card&card[number]=4242424242424242&card[foo]=1", "card[foo]"],
    ["POST /v1/subscription_schedules/:id", "phases[0][items][0][price]=price_x&phases[0][items][0][foo]=1", "phases[0][items][0][foo]"],
  ])("an unknown nested key: %s %s → param %s", async (endpoint, form, param) => {
    const [method, pattern] = split(endpoint);
    const r = await send(method, concrete(pattern), form);
    expect([r.status, r.error?.type, r.error?.code, r.error?.param]).toEqual([400, "invalid_request_error", "parameter_unknown", param]);
    expect(r.error?.message).toBe(`Received unknown parameter: ${param}`);
  });

  it.each([
    ["GET /v1/subscriptions", "status=bogus", "status"],
    ["GET /v1/payment_methods", "customer=cus_x&type=bogus", "type"],
    ["GET /v1/prices", "recurring[interval]=fortnight", "recurring[interval]"],
    ["POST /v1/promotion_codes", "code=X&promotion[type]=bogus&promotion[coupon]=c", "promotion[type]"],
    ["POST /v1/setup_intents", "usage=sometimes", "usage"],
    ["POST /v1/prices", "currency=usd&unit_amount=100&product=prod_x&recurring[interval]=fortnight", "recurring[interval]"],
    ["POST /v1/checkout/sessions", "mode=rental&success_url=https%3A%2F%2Fx.test", "mode"],
  ])("a value outside the enum: %s %s → param %s", async (endpoint, form, param) => {
    const [method, pattern] = split(endpoint);
    const r = await send(method, concrete(pattern), form);
    expect([r.status, r.error?.type, r.error?.param]).toEqual([400, "invalid_request_error", param]);
    expect(r.error?.message).toMatch(new RegExp(`^Invalid ${param.replace(/[[\]]/g, "\\$&")}: must be one of `));
  });

  it.each([
    ["GET /v1/customers", "limit=ten", "limit"],
    ["POST /v1/prices", "currency=usd&unit_amount=lots&product=prod_x", "unit_amount"],
    ["POST /v1/products", "name=P&active=maybe", "active"],
    ["POST /v1/subscriptions", "customer=cus_x&items=price_x", "items"],
    ["POST /v1/customers", "invoice_settings=pm_x", "invoice_settings"],
    ["POST /v1/checkout/sessions", "mode=payment&success_url=https%3A%2F%2Fx.test&line_items[0][price]=price_x&line_items[0][quantity]=two", "line_items[0][quantity]"],
  ])("a value of the wrong type: %s %s → param %s", async (endpoint, form, param) => {
    const [method, pattern] = split(endpoint);
    const r = await send(method, concrete(pattern), form);
    expect([r.status, r.error?.type, r.error?.param]).toEqual([400, "invalid_request_error", param]);
  });

  it("a required parameter missing → 400 parameter_missing", async () => {
    const r = await send("POST", "/v1/prices", "unit_amount=100&product=prod_x");
    expect([r.status, r.error?.code, r.error?.param]).toEqual([400, "parameter_missing", "currency"]);
  });

  it('"" for a parameter that cannot be unset → 400 parameter_invalid_empty, on every POST endpoint that has one', async () => {
    const cases: [string, string][] = [];
    for (const endpoint of endpoints.filter((e) => e.startsWith("POST "))) {
      const params = deref(api.endpoints[endpoint].params);
      if (params.t !== "object") continue;
      const key = Object.keys(params.props).find((k) => k !== "expand" && isScalarString(params.props[k].s) && !acceptsEmpty(params.props[k].s));
      if (key) cases.push([endpoint, key]);
    }
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const accepted: string[] = [];
    for (const [endpoint, key] of cases) {
      const [method, pattern] = split(endpoint);
      const r = await send(method, concrete(pattern), `${key}=`);
      if (r.status !== 400 || r.error?.code !== "parameter_invalid_empty" || r.error.param !== key) accepted.push(`${endpoint} ${key}= → ${r.status} ${JSON.stringify(r.error)}`);
    }
    expect(accepted).toEqual([]);
    const one = await send("POST", "/v1/subscriptions/zz_missing", "proration_behavior=");
    expect(one.error?.message).toBe(
      "You passed an empty string for 'proration_behavior'. We assume empty values are an attempt to unset a parameter; however 'proration_behavior' cannot be unset. You should remove 'proration_behavior' from your request or supply a non-empty value.",
    );
  });

  it('"" where this version allows an unset passes validation (metadata, a metadata key)', async () => {
    const c = await stripe.customers.create({ email: `${uid()}@example.com`, metadata: { a: "1", b: "2" } });
    expect(await send("POST", `/v1/customers/${c.id}`, "metadata[a]=")).toEqual({ status: 200, error: undefined });
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ metadata: { b: "2" } });
    expect(await send("POST", `/v1/customers/${c.id}`, "metadata=")).toEqual({ status: 200, error: undefined });
    expect((await stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ metadata: {} });
  });

  it("expanding a field this version no longer has → 400; a field it has expands", async () => {
    const bad = await send("GET", "/v1/subscriptions", "expand[0]=data.latest_invoice.payment_intent");
    expect([bad.status, bad.error?.type, bad.error?.message]).toEqual([400, "invalid_request_error", "This property cannot be expanded (data.latest_invoice.payment_intent)."]);
    const onCreate = await send("POST", "/v1/subscriptions", "customer=cus_x&items[0][price]=price_x&expand[0]=latest_invoice.payment_intent");
    expect([onCreate.status, onCreate.error?.message]).toEqual([400, "This property cannot be expanded (latest_invoice.payment_intent)."]);
    expect((await send("GET", "/v1/invoices", "expand[0]=data.payments&expand[1]=data.customer")).status).toBe(200);
    expect((await send("GET", "/v1/promotion_codes", "expand[0]=data.promotion.coupon")).status).toBe(200);
  });

  it("the SDK sees Stripe's error: StripeInvalidRequestError with code and param", async () => {
    const err = await stripe.prices
      .create({ currency: "usd", unit_amount: 100, product_data: { name: "x" }, recurring: { interval: "month", foo: "1" } as unknown as Stripe.PriceCreateParams.Recurring })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "recurring[foo]" });
  });

  it("a route of an older API version is not served: GET /v1/invoices/upcoming is a retrieve of invoice 'upcoming'", async () => {
    expect((await send("GET", "/v1/invoices/upcoming", "customer=cus_x")).error?.param).toBe("customer");
    const r = await send("GET", "/v1/invoices/upcoming", "");
    expect([r.status, r.error?.type, r.error?.code]).toEqual([404, "invalid_request_error", "resource_missing"]);
  });
});
