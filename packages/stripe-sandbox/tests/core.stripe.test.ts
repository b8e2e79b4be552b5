import { afterEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { sandbox, stripe as sandboxStripe } from "./harness";

const { clearFaults, injectFault } = sandbox.testing;
const sandboxFetch = sandbox.fetch;
import { expectStripeShape } from "./shape";

const stripe = sandboxStripe;
const uid = () => Math.random().toString(36).slice(2, 10);

afterEach(() => clearFaults());

describe("sandbox core: customers, lists, errors, idempotency, faults", () => {
  it("creates, retrieves, updates, lists and deletes a customer in Stripe's format", async () => {
    const email = `a-${uid()}@example.com`;
    const c = await stripe.customers.create({ email, name: "Ada", metadata: { org_id: "org_1" } });
    expect(c.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    expect(c.object).toBe("customer");
    expect(c.livemode).toBe(false);
    expect(c.metadata).toEqual({ org_id: "org_1" });
    expectStripeShape(c, "customer");

    const got = await stripe.customers.retrieve(c.id);
    expect(got).toEqual(c);

    const upd = await stripe.customers.update(c.id, { name: "Ada L", metadata: { org_id: "", plan: "pro" } });
    expect(upd.name).toBe("Ada L");
    expect(upd.metadata).toEqual({ plan: "pro" });

    const list = await stripe.customers.list({ email });
    expect(list.object).toBe("list");
    expect(list.url).toBe("/v1/customers");
    expect(list.data.map((x) => x.id)).toEqual([c.id]);

    const del = await stripe.customers.del(c.id);
    expect(del).toEqual({ id: c.id, object: "customer", deleted: true });
    const after = await stripe.customers.retrieve(c.id);
    expect(after.deleted).toBe(true);
    expect((await stripe.customers.list({ email })).data).toEqual([]);
    expectStripeShape(del, "deleted_customer");
  });

  it("pages with limit / starting_after / ending_before and auto-pagination, newest first", async () => {
    const email = `page-${uid()}@example.com`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ email })).id);
    const newestFirst = [...ids].reverse();
    const p1 = await stripe.customers.list({ email, limit: 2 });
    expect(p1.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(p1.has_more).toBe(true);
    const p2 = await stripe.customers.list({ email, limit: 2, starting_after: p1.data[1].id });
    expect(p2.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const p3 = await stripe.customers.list({ email, limit: 2, starting_after: p2.data[1].id });
    expect(p3.data.map((c) => c.id)).toEqual(newestFirst.slice(4));
    expect(p3.has_more).toBe(false);
    const back = await stripe.customers.list({ email, limit: 2, ending_before: p3.data[0].id });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const all: string[] = [];
    for await (const c of stripe.customers.list({ email, limit: 2 })) all.push(c.id);
    expect(all).toEqual(newestFirst);
  });

  it("answers Stripe errors: 404 resource_missing, 400 parameter errors, unknown URL", async () => {
    const e404 = await stripe.customers.retrieve("cus_missing").catch((e) => e);
    expect(e404).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(e404.statusCode).toBe(404);
    expect(e404.code).toBe("resource_missing");
    expect(e404.param).toBe("id");
    expect(e404.message).toBe("No such customer: 'cus_missing'");

    const eLimit = await stripe.customers.list({ limit: 1000 }).catch((e) => e);
    expect(eLimit.statusCode).toBe(400);
    expect(eLimit.param).toBe("limit");

    const res = await sandboxFetch("https://api.stripe.com/v1/nope", { headers: { authorization: "Bearer sk_test_x" } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.type).toBe("invalid_request_error");

    const unauth = await sandboxFetch("https://api.stripe.com/v1/customers");
    expect(unauth.status).toBe(401);
  });

  it("replays an Idempotency-Key with the same params and refuses it with different ones", async () => {
    const key = `idem-${uid()}`;
    const email = `idem-${uid()}@example.com`;
    const a = await stripe.customers.create({ email }, { idempotencyKey: key });
    const b = await stripe.customers.create({ email }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);

    expect((await stripe.customers.list({ email })).data).toHaveLength(1);

    const err = await stripe.customers.create({ email: `other-${uid()}@example.com` }, { idempotencyKey: key }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeIdempotencyError");

    // a 4xx result is saved for its key too
    const k2 = `idem-${uid()}`;
    const e1 = await stripe.customers.update("cus_nope", { name: "x" }, { idempotencyKey: k2 }).catch((e) => e);
    const e2 = await stripe.customers.update("cus_nope", { name: "x" }, { idempotencyKey: k2 }).catch((e) => e);
    expect([e1.statusCode, e2.statusCode]).toEqual([404, 404]);
  });

  it("concurrent creates with the same key make one customer", async () => {
    const key = `idem-${uid()}`;
    const email = `conc-${uid()}@example.com`;
    const results = await Promise.all(Array.from({ length: 5 }, () => stripe.customers.create({ email }, { idempotencyKey: key })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await stripe.customers.list({ email })).data).toHaveLength(1);
  });

  it("injected faults: 500 and 429 for N calls, then success; SDK retries through them", async () => {
    injectFault("POST /v1/customers", { count: 2, kind: 500 });
    const e1 = await stripe.customers.create({}).catch((e) => e);
    expect(e1).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(e1.statusCode).toBe(500);
    const e2 = await stripe.customers.create({}).catch((e) => e);
    expect(e2.statusCode).toBe(500);
    const ok = await stripe.customers.create({});
    expect(ok.id).toMatch(/^cus_/);

    injectFault("GET /v1/customers/:id", { count: 1, kind: 429 });
    const e3 = await stripe.customers.retrieve(ok.id).catch((e) => e);
    expect(e3).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(e3.statusCode).toBe(429);

    const retrying = sandbox.stripe({ maxNetworkRetries: 2 });
    injectFault("POST /v1/customers", { count: 2, kind: 500 });
    const email = `retry-${uid()}@example.com`;
    const viaRetries = await retrying.customers.create({ email });
    expect(viaRetries.email).toBe(email);
    expect((await stripe.customers.list({ email })).data).toHaveLength(1);
  });

  it("injected timeout and connection reset surface as the SDK's connection errors", async () => {
    const quick = sandbox.stripe({ timeout: 200 });
    injectFault("POST /v1/customers", { count: 1, kind: "timeout" });
    const t = await quick.customers.create({}).catch((e) => e);
    expect(t).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    injectFault("POST /v1/customers", { count: 1, kind: "reset" });
    const r = await quick.customers.create({}).catch((e) => e);
    expect(r).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((await quick.customers.create({})).object).toBe("customer");
  });

  it("searches customers by metadata", async () => {
    const org = `org_${uid()}`;
    const c = await stripe.customers.create({ metadata: { org_id: org } });
    const found = await stripe.customers.search({ query: `metadata['org_id']:'${org}'` });
    expect(found.data.map((x) => x.id)).toEqual([c.id]);
  });

  it("bad input never produces a 500", async () => {
    const auth = { authorization: "Bearer sk_test_x", "content-type": "application/x-www-form-urlencoded" };
    const bodies = ["items=x", "items[0]=x", "items[0][price][a]=b", "customer[a]=1", "metadata=x", "metadata[a][b]=c", "limit=abc", "expand=x",
      "amount=1e9999", "amount=-5&currency=usd", "trial_end=yesterday", "tiers[0][up_to]=x", "recurring=month", "discounts=x", "%E0%A4%A=1", "a[[[=1", "card[number]=abc&type=card"];
    const paths = ["/v1/customers", "/v1/subscriptions", "/v1/prices", "/v1/payment_intents", "/v1/payment_methods", "/v1/checkout/sessions", "/v1/invoices/create_preview", "/v1/coupons", "/v1/billing/meter_events"];
    for (const path of paths) {
      for (const body of bodies) {
        const res = await sandboxFetch(`https://api.stripe.com${path}`, { method: "POST", headers: auth, body });
        expect(res.status, `${path} ${body}`).toBeLessThan(500);
        expect((await res.json()).error?.type ?? "ok", `${path} ${body}`).not.toBe("api_error");
      }
    }
  });
});
