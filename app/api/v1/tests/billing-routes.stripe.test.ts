import { beforeAll, describe, expect, it, vi } from "vitest";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { getStripe } from "@/lib/stripe/client";
import { inProcessClient } from "@/tests/api-client";
import { orgWithKey } from "@/tests/reliability/helpers";

/**
 * The billing routes driven through the typed client (@billing-kit/client) against the handlers and
 * the sandbox: every answer is parsed with the document's strict schema for its status
 * (tests/api-client.ts), so the serializers, the document and the routes agree on every field.
 */
vi.setConfig({ testTimeout: 180_000 });
const SYSTEM = { type: "system", id: null } as const;

beforeAll(async () => {
  await syncCatalog();
});

describe("billing API through the typed client", () => {
  it("free org → checkout sessions → subscribed → preview, upgrade, downgrade scheduled, cancel, resume, invoices, cards, portal", async () => {
    const { orgId, key } = await orgWithKey("Client billing org");
    const { api } = inProcessClient(key);

    const none = (await api.GET("/api/v1/billing/subscription")).data!;
    expect(none).toEqual({ effective_plan: { key: "free", name: expect.any(String), restricted: false }, subscription: null });

    const ok = (await api.POST("/api/v1/billing/discounts/validate", { body: { code: "WELCOME20", plan: "pro" } })).data!;
    expect(ok).toMatchObject({ valid: true, code: "WELCOME20", percent_off: 20, duration: "repeating", duration_in_months: 3 });
    expect((await api.POST("/api/v1/billing/discounts/validate", { body: { code: "NOPE123" } })).data).toMatchObject({ valid: false, reason: expect.any(String) });

    const checkout = await api.POST("/api/v1/billing/checkout", { body: { plan: "pro", promotion_code: "WELCOME20", success_url: "/billing/ok", cancel_url: "/billing" } });
    expect(checkout.response.status).toBe(201);
    expect(checkout.data!.url).toMatch(/^http/);
    const foreign = await api.POST("/api/v1/billing/checkout", { body: { plan: "pro", success_url: "https://evil.test/x" } });
    expect([foreign.response.status, foreign.error?.error.code]).toEqual([400, "invalid_return_url"]);
    const unknownField = await api.POST("/api/v1/billing/checkout", { body: { plan: "pro", successUrl: "/billing/ok" } as never });
    expect(unknownField.response.status).toBe(400); // the camelCase spelling is not part of the API
    expect((await api.POST("/api/v1/billing/credit-checkout", { body: { pack: "pack_1000", save_card: true } })).response.status).toBe(201);

    // Subscribe to Starter with a card (what a completed checkout leaves behind).
    const stripe = getStripe();
    const customerId = await ensureStripeCustomer(orgId, SYSTEM);
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
    await stripe.paymentMethods.attach(pm.id, { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
    const ids = await getCatalogIds();
    await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("starter", "month") }], metadata: { org_id: orgId } });
    await syncStripeCustomer(customerId);

    const sub = (await api.GET("/api/v1/billing/subscription")).data!;
    expect(sub.effective_plan).toMatchObject({ key: "starter", restricted: false });
    expect(sub.subscription).toMatchObject({ status: "active", plan: { key: "starter" }, interval: "month", cancel_at_period_end: false, pending_change: null });
    expect(sub.subscription!.amount_cents).toBeGreaterThan(0);

    const cards = (await api.GET("/api/v1/billing/payment-methods")).data!.data;
    expect(cards).toEqual([expect.objectContaining({ id: pm.id, last4: "4242", exp_month: 12, exp_year: 2040, is_default: true })]);

    const preview = (await api.POST("/api/v1/billing/preview", { body: { plan: "pro", interval: "month" } })).data!;
    expect(preview).toMatchObject({ kind: "upgrade", from: { plan_key: "starter" }, to: { plan_key: "pro", interval: "month" } });
    expect(preview.immediate_charge_cents).toBeGreaterThan(0);
    const up = await api.PATCH("/api/v1/billing/subscription", { body: { plan: "pro", interval: "month", proration_date: preview.proration_date }, headers: { "Idempotency-Key": "up-1" } });
    expect(up.response.status).toBe(200);
    expect(up.data).toMatchObject({ kind: "upgrade", subscription: { plan: { key: "pro" } } });
    expect(Date.parse(up.data!.effective_at)).not.toBeNaN();

    const invoices = (await api.GET("/api/v1/billing/invoices", { params: { query: { limit: 10 } } })).data!;
    expect(invoices).toMatchObject({ has_more: false, next_cursor: null });
    const proration = invoices.data.find((i) => i.billing_reason === "subscription_update")!;
    expect(proration).toMatchObject({ status: "paid", amount_paid_cents: preview.immediate_charge_cents });
    expect(proration.lines.length).toBeGreaterThan(0);

    const down = (await api.PATCH("/api/v1/billing/subscription", { body: { plan: "starter", interval: "month" } })).data!;
    expect(down.kind).toBe("downgrade");
    expect(down.subscription!.pending_change).toMatchObject({ plan_key: "starter", interval: "month" });

    const cancel = (await api.POST("/api/v1/billing/subscription/cancel", { body: { reason: "testing" } })).data!;
    expect(cancel.subscription!.cancel_at_period_end).toBe(true);
    expect(cancel.effective_at).toBe(cancel.subscription!.current_period_end);
    expect((await api.POST("/api/v1/billing/subscription/resume")).data!.subscription!.cancel_at_period_end).toBe(false);

    expect((await api.POST("/api/v1/billing/portal", { body: { return_url: "/billing" } })).data!.url).toMatch(/^http/);
    expect((await api.GET("/api/v1/billing/spend-cap")).data).toEqual({ spend_cap_cents: null });
  });
});
