import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, organizations, subscriptions } from "@/db/schema";
import { createFakeStripe, customerObj, subscriptionObj } from "@/lib/stripe/webhooks/tests/fake-stripe";
import { uid } from "@/lib/stripe/webhooks/tests/fixtures";

/**
 * The operations the sandbox does not emulate yet (Checkout, the Customer Portal, subscription
 * schedules), against a recording fake client: the exact Stripe parameters they send.
 */
const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));
// A fixed catalog of Stripe ids (never written to the shared stripe_catalog table).
vi.mock("@/lib/billing/catalog-ids", () => {
  const byKey = new Map([
    ["pro_monthly", "price_pro_monthly"],
    ["pro_yearly", "price_pro_yearly"],
    ["starter_monthly", "price_starter_monthly"],
    ["credit_pack_5000", "price_pack_5000"],
    ["product:pro", "prod_pro"],
  ]);
  const need = (k: string) => byKey.get(k) ?? (() => { throw new Error(`no id for ${k}`); })();
  const ids = {
    byKey,
    priceId: (plan: string, interval: string) => need(`${plan}_${interval === "month" ? "monthly" : "yearly"}`),
    overagePriceId: () => undefined,
    packPriceId: (pack: string) => need(`credit_${pack}`),
    productId: (k: string) => need(`product:${k}`),
    meterId: () => undefined,
    couponId: () => undefined,
    promotionCodeId: () => undefined,
    describePrice: () => undefined,
  };
  return { getCatalogIds: async () => ids, invalidateCatalogIds: () => {} };
});

const { createCheckoutSession } = await import("../create-checkout-session");
const { createPortalSession } = await import("../create-portal-session");
const { createPaymentCheckout } = await import("../create-payment-checkout");
const { changePlan } = await import("../change-plan");
const { syncStripeCustomer } = await import("../sync-stripe-customer");

const fake = createFakeStripe();
const calls: { op: string; params: Record<string, unknown> }[] = [];
const c = fake.client as unknown as Record<string, Record<string, unknown>>;
c.customers.create = async (params: Record<string, unknown>) => {
  calls.push({ op: "customers.create", params });
  const id = uid("cus");
  fake.state.customers.set(id, customerObj(id, (params.metadata as { org_id: string }).org_id));
  return { id };
};
c.checkout = { sessions: { create: async (params: Record<string, unknown>) => (calls.push({ op: "checkout.create", params }), { id: uid("cs"), url: "https://checkout.test/pay" }) } };
c.billingPortal = { sessions: { create: async (params: Record<string, unknown>) => (calls.push({ op: "portal.create", params }), { id: uid("bps"), url: "https://portal.test/x" }) } };
c.subscriptionSchedules = {
  create: async (params: Record<string, unknown>) => (calls.push({ op: "schedules.create", params }), { id: "sub_sched_1", phases: [{ start_date: 1000, items: [{ price: "price_pro_monthly" }] }] }),
  update: async (id: string, params: Record<string, unknown>) => (calls.push({ op: "schedules.update", params: { id, ...params } }), { id }),
};
c.subscriptions.update = async (id: string, params: Record<string, unknown>) => {
  calls.push({ op: "subscriptions.update", params: { id, ...params } });
  const s = fake.state.subscriptions.get(id)!;
  s.metadata = { ...(s.metadata as object), ...(params.metadata as object) };
  return s;
};
holder.client = fake.client;

const actor = { type: "user" as const, id: "user_ops" };

async function org() {
  const id = uid("org");
  await db.insert(organizations).values({ id, name: "Ops org", billingEmail: "ops@example.test" });
  return id;
}

describe("checkout, portal and one-time payments", () => {
  it("creates one customer per org and a subscription checkout with the catalog's trial", async () => {
    const orgId = await org();
    calls.length = 0;
    const out = await createCheckoutSession({ orgId, planKey: "pro", interval: "month", actor });
    expect(out.url).toBe("https://checkout.test/pay");
    const session = calls.find((x) => x.op === "checkout.create")!.params;
    const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(session).toMatchObject({
      mode: "subscription",
      customer: row.stripeCustomerId,
      client_reference_id: orgId,
      line_items: [{ price: "price_pro_monthly", quantity: 1 }],
      subscription_data: { trial_period_days: 14, metadata: { org_id: orgId, plan_key: "pro", interval: "month" } },
      allow_promotion_codes: true,
      success_url: "http://localhost:3000/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
    });
    expect(calls.filter((x) => x.op === "customers.create")).toHaveLength(1);
    await createCheckoutSession({ orgId, planKey: "pro", interval: "year", actor });
    expect(calls.filter((x) => x.op === "customers.create")).toHaveLength(1);
    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audit.filter((a) => a.action === "checkout.started")).toHaveLength(2);
  });

  it("refuses the free plan, unknown plans, off-site return URLs", async () => {
    const orgId = await org();
    await expect(createCheckoutSession({ orgId, planKey: "free", interval: "month", actor })).rejects.toMatchObject({ code: "free_plan", status: 400 });
    await expect(createCheckoutSession({ orgId, planKey: "gold", interval: "month", actor })).rejects.toMatchObject({ code: "unknown_plan" });
    await expect(createCheckoutSession({ orgId, planKey: "pro", interval: "month", successUrl: "https://evil.test/", actor })).rejects.toMatchObject({ code: "invalid_return_url" });
  });

  it("portal and credit-pack checkout carry the organisation", async () => {
    const orgId = await org();
    calls.length = 0;
    expect((await createPortalSession({ orgId, actor })).url).toBe("https://portal.test/x");
    await createPaymentCheckout({ orgId, packKey: "pack_5000", actor });
    const pay = calls.find((x) => x.op === "checkout.create")!.params;
    expect(pay).toMatchObject({ mode: "payment", line_items: [{ price: "price_pack_5000", quantity: 1 }], metadata: { org_id: orgId, pack_key: "pack_5000" } });
    await expect(createPaymentCheckout({ orgId, packKey: "pack_huge", actor })).rejects.toMatchObject({ code: "unknown_pack" });
  });
});

describe("downgrade at the period end", () => {
  it("schedules the new price from the period end and shows it as the pending change", async () => {
    const orgId = await org();
    const customerId = uid("cus");
    await db.update(organizations).set({ stripeCustomerId: customerId }).where(eq(organizations.id, orgId));
    fake.state.customers.set(customerId, customerObj(customerId, orgId));
    const subId = uid("sub");
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { lookupKey: "pro_monthly" }));
    await syncStripeCustomer(customerId);
    calls.length = 0;
    const out = await changePlan({ orgId, planKey: "starter", interval: "month", actor });
    expect(out.kind).toBe("downgrade");
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, subId));
    expect(out.effectiveAt).toBe(row.currentPeriodEnd.toISOString());
    const update = calls.find((x) => x.op === "schedules.update")!.params as { phases: { items: { price: string }[]; end_date?: number }[]; end_behavior: string };
    expect(update.end_behavior).toBe("release");
    expect(update.phases[0]).toMatchObject({ items: [{ price: "price_pro_monthly", quantity: 1 }], end_date: row.currentPeriodEnd.getTime() / 1000 });
    expect(update.phases[1].items).toEqual([{ price: "price_starter_monthly", quantity: 1 }]);
    expect(row.planKey).toBe("pro");
    expect(row.pendingChange).toMatchObject({ planKey: "starter", interval: "month" });
    const audit = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audit.some((a) => a.action === "subscription.downgrade_scheduled")).toBe(true);
  });
});
