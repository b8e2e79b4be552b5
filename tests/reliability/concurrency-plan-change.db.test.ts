import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db, getDbHandle } from "@/db";
import { subscriptions } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { getStripe } from "@/lib/stripe/client";
import { PATCH as subPATCH } from "@/app/api/v1/billing/subscription/route";
import { noParams, orgWithKey, request } from "./helpers";

/**
 * Concurrent plan changes on one subscription (through the API route, against the sandbox): the final
 * state is one of the requested ones and the same in Stripe and the mirror, with one audit row per
 * change that was applied, and never a 5xx.
 */

vi.setConfig({ testTimeout: 180_000 });
const SYSTEM = { type: "system", id: null } as const;
const n = async (text: string, params: unknown[]) => Number((await (await getDbHandle()).raw(text, params))[0]!.n);

beforeAll(async () => {
  await syncCatalog();
});

async function subscribed() {
  const stripe = getStripe();
  const { orgId, key } = await orgWithKey("Race plan change");
  const customerId = await ensureStripeCustomer(orgId, SYSTEM);
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: customerId });
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  const ids = await getCatalogIds();
  await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("starter", "month") }], metadata: { org_id: orgId } });
  await syncStripeCustomer(customerId);
  return { orgId, key, customerId, stripe, ids };
}

/** The catalog's prices for a plan: the plan price and each metric's overage price (catalog data, not the code under test). */
function planPrices(ids: Awaited<ReturnType<typeof getCatalogIds>>, plan: string, interval: "month" | "year") {
  return [ids.priceId(plan, interval), ...catalog.metrics.map((m) => ids.overagePriceId(plan, m.key, interval))].filter((p): p is string => Boolean(p)).sort();
}

const patch = (key: string, body: unknown, idem: string) =>
  subPATCH(request("http://localhost:3000/api/v1/billing/subscription", { method: "PATCH", key, raw: JSON.stringify(body), headers: { "idempotency-key": idem } }), noParams);

describe("concurrent plan changes on one subscription", () => {
  it("6 concurrent upgrades to different plans/intervals → consistent final state, one audit per applied change", async () => {
    const { orgId, key, customerId, stripe, ids } = await subscribed();
    const targets = [
      { plan: "pro", interval: "month" },
      { plan: "enterprise", interval: "month" },
      { plan: "pro", interval: "year" },
      { plan: "pro", interval: "month" },
      { plan: "enterprise", interval: "year" },
      { plan: "pro", interval: "year" },
    ];
    const res = await Promise.all(targets.map((t, i) => patch(key, t, `race-${i}`)));
    const bodies = await Promise.all(res.map((r) => r.json() as Promise<Record<string, unknown>>));
    for (const [i, r] of res.entries()) {
      expect(r.status, JSON.stringify(bodies[i])).toBeLessThan(500);
      if (r.status >= 400) expect((bodies[i] as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }
    const applied = res.filter((r) => r.status === 200).length;
    expect(applied).toBeGreaterThanOrEqual(1);
    await syncStripeCustomer(customerId);
    const [mirror] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    const live = await stripe.subscriptions.list({ customer: customerId });
    expect(live.data).toHaveLength(1);
    // Exactly the final plan's items (BILLING.md §1/§5: its price and one overage price per metered metric).
    expect(live.data[0]!.items.data.map((i) => i.price.id).sort()).toEqual(planPrices(ids, mirror!.planKey!, mirror!.interval as "month" | "year"));
    expect(targets.some((t) => t.plan === mirror!.planKey && t.interval === mirror!.interval)).toBe(true);
    const audits = await n("select count(*)::int as n from audit_log where org_id = $1 and action in ('subscription.upgraded','subscription.downgrade_scheduled')", [orgId]);
    expect(audits).toBe(applied);
  });

  it("the same change sent 6 times concurrently with one Idempotency-Key → applied once", async () => {
    const { orgId, key, customerId, stripe, ids } = await subscribed();
    const res = await Promise.all(Array.from({ length: 6 }, () => patch(key, { plan: "pro", interval: "month" }, "same-intent")));
    for (const r of res) expect(r.status).toBeLessThan(500);
    const live = await stripe.subscriptions.list({ customer: customerId });
    expect(live.data[0]!.items.data.map((i) => i.price.id).sort()).toEqual(planPrices(ids, "pro", "month"));
    expect(await n("select count(*)::int as n from audit_log where org_id = $1 and action = 'subscription.upgraded'", [orgId])).toBe(res.filter((r) => r.status === 200).length);
    expect(await n("select count(*)::int as n from sandbox_objects where type = 'invoice' and customer = $1 and data->>'billing_reason' = 'subscription_update'", [customerId])).toBeLessThanOrEqual(1);
  });
});
