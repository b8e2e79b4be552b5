import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db, getDbHandle } from "@/db";
import { organizations, subscriptions } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { payOverdueInvoice } from "@/lib/billing/pay-overdue-invoice";
import { attachPaymentMethod } from "@/lib/billing/payment-methods";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { AppError } from "@/lib/errors";
import { circuitState, configureStripeResilience, DEFAULT_RESILIENCE, UNAVAILABLE_MESSAGE } from "@/lib/stripe/call-stripe";
import { getStripe } from "@/lib/stripe/client";
import type { FaultKind } from "@billing-kit/stripe-sandbox";
import type { Sandbox } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import { stripeMeterAdapter } from "@/lib/usage/stripe-meter-adapter";
import { PATCH as subPATCH } from "@/app/api/v1/billing/subscription/route";
import { POST as cancelPOST } from "@/app/api/v1/billing/subscription/cancel/route";
import { POST as resumePOST } from "@/app/api/v1/billing/subscription/resume/route";
import { POST as previewPOST } from "@/app/api/v1/billing/preview/route";
import { POST as checkoutPOST } from "@/app/api/v1/billing/checkout/route";
import { assertErrorShape, noParams, orgWithKey, request, type Handler } from "./helpers";

/**
 * Fault injection into the offline Stripe sandbox (500 / 429 / timeout / connection reset) on every
 * Stripe-calling flow: transient faults are retried (one object, one audit row); persistent ones are a
 * 503 stripe_unavailable with a message a person can act on, nothing half-done (no mirror change, no
 * audit row); the circuit opens and recovers after its half-open delay.
 */

vi.setConfig({ testTimeout: 120_000 });
const KINDS: FaultKind[] = [500, 429, "timeout", "reset"];
// 4 retries: one transient run injects one fault of every kind, in a row, then succeeds.
// 1.5 s per attempt: a healthy sandbox call on a loaded 2-core machine can take longer than 300 ms, and a
// spurious timeout there is a retry the test did not plan (three failures on Postgres under load).
const FAST = { timeoutMs: 1500, retries: 4, initialDelayMs: 5, maxDelayMs: 20, breakerThreshold: 1000, halfOpenAfterMs: 200 };
const BASE = "http://localhost:3000/api/v1/billing";
const SYSTEM = { type: "system", id: null } as const;

let stripe: Stripe;
let sbx: Sandbox;
const raw = async (text: string, params: unknown[] = []) => (await getDbHandle()).raw(text, params);
const n = async (text: string, params: unknown[]) => Number((await raw(text, params))[0]!.n);
const audits = (orgId: string, action: string) => n("select count(*)::int as n from audit_log where org_id = $1 and action = $2", [orgId, action]);
const sandboxCount = (type: string, orgId: string) => n("select count(*)::int as n from sandbox_objects where type = $1 and data->'metadata'->>'org_id' = $2", [type, orgId]);

/** One fault of every kind in a row (transient: the call succeeds on the 5th attempt). */
const transient = (op: string) => KINDS.forEach((kind) => sbx.testing.injectFault(op, { count: 1, kind }));
/** More failures than attempts. */
const persistent = (op: string, kind: FaultKind) => sbx.testing.injectFault(op, { count: FAST.retries + 1, kind });

async function call(handler: Handler, path: string, key: string, body?: unknown) {
  const res = await handler(request(`${BASE}${path}`, { method: path === "/subscription" ? "PATCH" : "POST", key, raw: body === undefined ? undefined : JSON.stringify(body) }), noParams);
  const json = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: res.status, body: json };
}

function expectUnavailable(out: { status: number; body: Record<string, unknown> }) {
  expect(out.status).toBe(503);
  assertErrorShape(out.body);
  expect(out.body.error).toEqual({ code: "stripe_unavailable", message: UNAVAILABLE_MESSAGE });
  expect(UNAVAILABLE_MESSAGE).toMatch(/try again/i); // a person knows what to do
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected a failure");
}

/** An organisation with a customer, a default card and a monthly Pro subscription in the mirror. */
async function subscribedOrg() {
  const { orgId, key } = await orgWithKey("Faults subscribed");
  const customerId = await ensureStripeCustomer(orgId, SYSTEM);
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: customerId });
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  const ids = await getCatalogIds();
  await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("pro", "month") }], metadata: { org_id: orgId } });
  await syncStripeCustomer(customerId);
  return { orgId, key, customerId };
}
const mirror = async (orgId: string) => (await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)))[0]!;

beforeAll(async () => {
  sbx = await sandbox();
  configureStripeResilience(FAST);
  await syncCatalog();
  stripe = getStripe();
});
beforeEach(() => {
  sbx.testing.clearFaults();
  configureStripeResilience(FAST);
});
afterEach(() => sbx.testing.clearFaults());
afterAll(() => configureStripeResilience(DEFAULT_RESILIENCE));

describe("customer creation (onboarding and first checkout: ensureStripeCustomer)", () => {
  it("transient 500+429+timeout+reset → retried, exactly one customer and one audit row", async () => {
    const { orgId } = await orgWithKey("Faults customer");
    transient("POST /v1/customers");
    const id = await ensureStripeCustomer(orgId, SYSTEM);
    expect(id).toMatch(/^cus_/);
    expect(await sandboxCount("customer", orgId)).toBe(1);
    expect(await audits(orgId, "customer.linked")).toBe(1);
    expect(await ensureStripeCustomer(orgId, SYSTEM)).toBe(id);
    expect(await sandboxCount("customer", orgId)).toBe(1);
  });

  for (const kind of KINDS) {
    it(`persistent ${kind} → 503 stripe_unavailable; no customer, no link, no audit; a later retry creates one`, async () => {
      const { orgId } = await orgWithKey("Faults customer");
      persistent("POST /v1/customers", kind);
      const err = await rejection(ensureStripeCustomer(orgId, SYSTEM));
      expect([err.status, err.code, err.message]).toEqual([503, "stripe_unavailable", UNAVAILABLE_MESSAGE]);
      expect(await sandboxCount("customer", orgId)).toBe(0);
      expect(await audits(orgId, "customer.linked")).toBe(0);
      const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
      expect(org!.stripeCustomerId).toBeNull();
      sbx.testing.clearFaults();
      await ensureStripeCustomer(orgId, SYSTEM);
      expect(await sandboxCount("customer", orgId)).toBe(1);
      expect(await audits(orgId, "customer.linked")).toBe(1);
    });
  }
});

describe("checkout session creation (POST /api/v1/billing/checkout)", () => {
  it("transient → 201, one session, one checkout.started audit; same Idempotency-Key again → the same session", async () => {
    const { orgId, key } = await orgWithKey("Faults checkout");
    transient("POST /v1/checkout/sessions");
    const res = await checkoutPOST(request(`${BASE}/checkout`, { method: "POST", key, raw: JSON.stringify({ plan: "pro", interval: "month" }), headers: { "idempotency-key": "co-1" } }), noParams);
    expect(res.status).toBe(201);
    const first = (await res.json()) as { id: string };
    expect(await sandboxCount("checkout.session", orgId)).toBe(1);
    expect(await audits(orgId, "checkout.started")).toBe(1);
    const again = await checkoutPOST(request(`${BASE}/checkout`, { method: "POST", key, raw: JSON.stringify({ plan: "pro", interval: "month" }), headers: { "idempotency-key": "co-1" } }), noParams);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    expect(await sandboxCount("checkout.session", orgId)).toBe(1);
  });

  it("persistent → 503 JSON error, no session, no audit", async () => {
    const { orgId, key } = await orgWithKey("Faults checkout");
    await ensureStripeCustomer(orgId, SYSTEM);
    persistent("POST /v1/checkout/sessions", "reset");
    expectUnavailable(await call(checkoutPOST, "/checkout", key, { plan: "pro", interval: "month" }));
    expect(await sandboxCount("checkout.session", orgId)).toBe(0);
    expect(await audits(orgId, "checkout.started")).toBe(0);
  });
});

describe("plan change, preview, cancel, resume on a live subscription", () => {
  let org: Awaited<ReturnType<typeof subscribedOrg>>;
  beforeAll(async () => {
    configureStripeResilience(FAST);
    org = await subscribedOrg();
  });

  it("preview: persistent 429 → 503; transient → 200 with an upgrade price", async () => {
    persistent("POST /v1/invoices/create_preview", 429);
    expectUnavailable(await call(previewPOST, "/preview", org.key, { plan: "enterprise", interval: "month" }));
    sbx.testing.clearFaults();
    transient("POST /v1/invoices/create_preview");
    const ok = await call(previewPOST, "/preview", org.key, { plan: "enterprise", interval: "month" });
    expect(ok.status).toBe(200);
    expect(ok.body.kind).toBe("upgrade");
  });

  it("upgrade: persistent timeout → 503, mirror still Pro, no audit; transient → upgraded once", async () => {
    persistent("POST /v1/subscriptions/:id", "timeout");
    expectUnavailable(await call(subPATCH, "/subscription", org.key, { plan: "pro", interval: "year" }));
    expect((await mirror(org.orgId)).interval).toBe("month");
    expect(await audits(org.orgId, "subscription.upgraded")).toBe(0);
    sbx.testing.clearFaults();
    transient("POST /v1/subscriptions/:id");
    const ok = await call(subPATCH, "/subscription", org.key, { plan: "pro", interval: "year" });
    expect(ok.status).toBe(200);
    expect(ok.body.subscription).toMatchObject({ plan: { key: "pro" }, interval: "year" });
    expect(await audits(org.orgId, "subscription.upgraded")).toBe(1);
    const subs = await stripe.subscriptions.list({ customer: org.customerId });
    expect(subs.data).toHaveLength(1);
  });

  it("cancel: persistent 500 → 503, not cancelling, no audit; transient → cancelling, one audit", async () => {
    persistent("POST /v1/subscriptions/:id", 500);
    expectUnavailable(await call(cancelPOST, "/subscription/cancel", org.key, {}));
    expect((await mirror(org.orgId)).cancelAtPeriodEnd).toBe(false);
    expect(await audits(org.orgId, "subscription.cancel_scheduled")).toBe(0);
    sbx.testing.clearFaults();
    transient("POST /v1/subscriptions/:id");
    const ok = await call(cancelPOST, "/subscription/cancel", org.key, {});
    expect(ok.status).toBe(200);
    expect((await mirror(org.orgId)).cancelAtPeriodEnd).toBe(true);
    expect(await audits(org.orgId, "subscription.cancel_scheduled")).toBe(1);
  });

  it("resume: persistent reset → 503, still cancelling, no audit; transient → resumed, one audit", async () => {
    persistent("POST /v1/subscriptions/:id", "reset");
    expectUnavailable(await call(resumePOST, "/subscription/resume", org.key));
    expect((await mirror(org.orgId)).cancelAtPeriodEnd).toBe(true);
    expect(await audits(org.orgId, "subscription.resumed")).toBe(0);
    sbx.testing.clearFaults();
    transient("POST /v1/subscriptions/:id");
    expect((await call(resumePOST, "/subscription/resume", org.key)).status).toBe(200);
    expect((await mirror(org.orgId)).cancelAtPeriodEnd).toBe(false);
    expect(await audits(org.orgId, "subscription.resumed")).toBe(1);
  });

  it("payment method attach: persistent → 503, not attached, no audit; transient → attached once", async () => {
    // A card the organisation has not saved yet (the same card again would be reused, not attached: issue 13 item 7).
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "5555555555554444", exp_month: 1, exp_year: 2041, cvc: "123" } });
    persistent("POST /v1/payment_methods/:id/attach", 429);
    const err = await rejection(attachPaymentMethod({ orgId: org.orgId, paymentMethodId: pm.id, actor: SYSTEM }));
    expect([err.status, err.code]).toEqual([503, "stripe_unavailable"]);
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    expect(await audits(org.orgId, "payment_method.attach_requested")).toBe(0);
    sbx.testing.clearFaults();
    transient("POST /v1/payment_methods/:id/attach");
    await attachPaymentMethod({ orgId: org.orgId, paymentMethodId: pm.id, actor: SYSTEM });
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBe(org.customerId);
    expect(await audits(org.orgId, "payment_method.attach_requested")).toBe(1);
  });

  it("syncStripeCustomer: persistent → 503 and the mirror untouched; transient → synced", async () => {
    const before = await mirror(org.orgId);
    persistent("GET /v1/customers/:id", 500);
    const err = await rejection(syncStripeCustomer(org.customerId));
    expect([err.status, err.code]).toEqual([503, "stripe_unavailable"]);
    expect((await mirror(org.orgId)).syncedAt).toEqual(before.syncedAt);
    sbx.testing.clearFaults();
    transient("GET /v1/customers/:id");
    const res = await syncStripeCustomer(org.customerId);
    expect(res.orgId).toBe(org.orgId);
    expect(res.subscriptions).toBe(1);
  });
});

describe("paying an overdue invoice with a new default card (payOverdueInvoice)", () => {
  it("persistent 500 on invoices.pay → 503, the invoice still open, no audit; transient → paid once, restored, one audit", async () => {
    const org = await subscribedOrg();
    const declining = await stripe.paymentMethods.create({ type: "card", card: { number: "4000000000000341", exp_month: 12, exp_year: 2040, cvc: "123" } });
    await attachPaymentMethod({ orgId: org.orgId, paymentMethodId: declining.id, makeDefault: true, actor: SYSTEM });
    await sbx.clock.advance({ to: new Date((await mirror(org.orgId)).currentPeriodEnd.getTime() + 3_600_000) });
    await syncStripeCustomer(org.customerId);
    const overdue = await mirror(org.orgId);
    expect(overdue.status).toBe("past_due");
    const invoice = () => stripe.invoices.retrieve(overdue.latestInvoiceId!);
    const good = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
    await stripe.paymentMethods.attach(good.id, { customer: org.customerId });
    await syncStripeCustomer(org.customerId);

    persistent("POST /v1/invoices/:id/pay", 500);
    const err = await rejection(payOverdueInvoice({ orgId: org.orgId, paymentMethodId: good.id, actor: SYSTEM }));
    expect([err.status, err.code]).toEqual([503, "stripe_unavailable"]);
    expect((await invoice()).status).toBe("open");
    expect(await audits(org.orgId, "invoice.overdue_paid")).toBe(0);
    sbx.testing.clearFaults();
    transient("POST /v1/invoices/:id/pay");
    expect(await payOverdueInvoice({ orgId: org.orgId, paymentMethodId: good.id, actor: SYSTEM })).toMatchObject({ paid: true, amountCents: 9900 });
    expect((await invoice()).status).toBe("paid");
    expect((await invoice()).amount_paid).toBe(9900);
    expect((await mirror(org.orgId)).status).toBe("active");
    expect(await audits(org.orgId, "invoice.overdue_paid")).toBe(1);
    // Nothing left to pay: a second call does nothing.
    expect(await payOverdueInvoice({ orgId: org.orgId, paymentMethodId: good.id, actor: SYSTEM })).toBeNull();
  });
});

describe("catalog sync and meter events", () => {
  it("syncCatalog: persistent → 503; after recovery a re-run creates nothing twice", async () => {
    const objects = () => n("select count(*)::int as n from sandbox_objects where type in ('product','price','coupon','promotion_code','billing.meter')", []);
    const before = await objects();
    persistent("*", 500);
    const err = await rejection(syncCatalog());
    expect([err.status, err.code]).toEqual([503, "stripe_unavailable"]);
    sbx.testing.clearFaults();
    await syncCatalog();
    expect(await objects()).toBe(before);
  });

  it("meter events: transient → one event; persistent → 503 and none; resend with the same identifier → still one", async () => {
    const org = await subscribedOrg();
    const [meter] = await raw("select data->>'event_name' as e from sandbox_objects where type = 'billing.meter' limit 1");
    const eventName = String(meter!.e);
    const count = (identifier: string) => n("select count(*)::int as n from sandbox_meter_events where identifier = $1", [identifier]);
    const ok = `mr_${org.orgId}_ok`;
    transient("POST /v1/billing/meter_events");
    await stripeMeterAdapter.reportMeterEvent({ customerId: org.customerId, eventName, value: 3, identifier: ok, timestamp: new Date() });
    expect(await count(ok)).toBe(1);

    const bad = `mr_${org.orgId}_bad`;
    persistent("POST /v1/billing/meter_events", "timeout");
    const err = await rejection(stripeMeterAdapter.reportMeterEvent({ customerId: org.customerId, eventName, value: 3, identifier: bad, timestamp: new Date() }));
    expect(err.code).toBe("stripe_unavailable");
    expect(await count(bad)).toBe(0);
    sbx.testing.clearFaults();
    // A resend is the same report (lib/usage/report-overage.ts keeps its timestamp): same identifier, same body.
    const at = new Date();
    await stripeMeterAdapter.reportMeterEvent({ customerId: org.customerId, eventName, value: 3, identifier: bad, timestamp: at });
    await stripeMeterAdapter.reportMeterEvent({ customerId: org.customerId, eventName, value: 3, identifier: bad, timestamp: at });
    expect(await count(bad)).toBe(1);
  });
});

describe("circuit breaker across flows", () => {
  it("persistent failures open it; while open a flow is refused without calling Stripe; it recovers after the half-open delay", async () => {
    const org = await subscribedOrg();
    configureStripeResilience({ ...FAST, retries: 0, breakerThreshold: 3, halfOpenAfterMs: 300 });
    sbx.testing.injectFault("POST /v1/invoices/create_preview", { count: 3, kind: 500 });
    for (let i = 0; i < 3; i++) expectUnavailable(await call(previewPOST, "/preview", org.key, { plan: "enterprise", interval: "month" }));
    expect(circuitState()).toBe("open");
    // No faults left: a call that reached Stripe would succeed. It is refused while the circuit is open.
    expectUnavailable(await call(cancelPOST, "/subscription/cancel", org.key, {}));
    expect((await mirror(org.orgId)).cancelAtPeriodEnd).toBe(false);
    expect(await audits(org.orgId, "subscription.cancel_scheduled")).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    const ok = await call(previewPOST, "/preview", org.key, { plan: "enterprise", interval: "month" });
    expect(ok.status).toBe(200);
    expect(circuitState()).toBe("closed");
  });
});
