import type Stripe from "stripe";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { stripeCatalog } from "@/db/schema";
import { catalog, catalogInput } from "@/lib/billing/catalog";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { validateCatalog } from "@/lib/billing/catalog-schema";
import { syncCatalog, type SyncCatalogResult } from "@/lib/billing/sync-catalog";
import { callStripe, configureStripeResilience } from "@/lib/stripe/call-stripe";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import { resetEnvForTests } from "@/lib/env";
import { sandboxTokenPath } from "@/lib/stripe/sandbox-control";
import { registerWebhookEndpoint, webhookEvents } from "@/lib/stripe/register-webhook-endpoint";
import { eq } from "drizzle-orm";
import { prepareStripeAtStart, syncCatalogAtStart } from "@/lib/stripe/start-sandbox";

/**
 * syncCatalog against the sandbox through the real SDK. With DATABASE_URL the sandbox's tables are
 * shared by every test file of the run, so first-run counts allow objects another file synced.
 */
// 7 products (4 plans + 3 packs), 1 meter, 16 prices (7 plan + 6 overage + 3 packs), 3 coupons, 3 promotion codes.
const TOTAL = 30;

const stripeRead = <T>(op: string, fn: Parameters<typeof callStripe<T>>[1]) => callStripe<T>(op, fn);

let first: SyncCatalogResult;

beforeAll(async () => {
  configureStripeResilience({ initialDelayMs: 5, maxDelayMs: 20 });
  first = await syncCatalog();
});

describe("syncCatalog", () => {
  it("first run creates (or finds) every object and records its id", async () => {
    expect(first.mode).toBe("sandbox");
    expect(first.created + first.unchanged).toBe(TOTAL);
    expect(first.updated).toBe(0);
    expect(Object.keys(first.ids)).toHaveLength(TOTAL);
    const rows = await db.select().from(stripeCatalog).where(inArray(stripeCatalog.lookupKey, Object.keys(first.ids)));
    expect(rows).toHaveLength(TOTAL);
    for (const r of rows) expect(r.stripeId).toBe(first.ids[r.lookupKey]);
    const kinds = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ product: 7, meter: 1, price: 7, overage_price: 6, pack_price: 3, coupon: 3, promotion_code: 3 });
  });

  it("second run changes nothing and keeps every id", async () => {
    const second = await syncCatalog();
    expect({ created: second.created, updated: second.updated, archived: second.archived, unchanged: second.unchanged }).toEqual({
      created: 0,
      updated: 0,
      archived: 0,
      unchanged: TOTAL,
    });
    expect(second.ids).toEqual(first.ids);
  });

  it("two concurrent runs create nothing twice", async () => {
    const [a, b] = await Promise.all([syncCatalog(), syncCatalog()]);
    expect(a.created + b.created).toBe(0);
    const products = await stripeRead("products.list", (s, o) => s.products.list({ limit: 100 }, o).autoPagingToArray({ limit: 10_000 }));
    expect(products.filter((p) => p.metadata?.plan_key === "pro" && p.active)).toHaveLength(1);
  });

  it("prices carry the catalog's amounts, products and lookup keys", async () => {
    const ids = await getCatalogIds();
    const [proYearly] = (await stripeRead("prices.list", (s, o) => s.prices.list({ lookup_keys: ["pro_yearly"] }, o))).data;
    expect(proYearly.id).toBe(ids.priceId("pro", "year"));
    expect(proYearly.unit_amount).toBe(99_000);
    expect(proYearly.recurring?.interval).toBe("year");
    expect(proYearly.product).toBe(ids.productId("pro"));
    expect(proYearly.metadata?.plan_key).toBe("pro");

    const [pack] = (await stripeRead("prices.list", (s, o) => s.prices.list({ lookup_keys: ["credit_pack_5000"] }, o))).data;
    expect(pack.id).toBe(ids.packPriceId("pack_5000"));
    expect(pack.unit_amount).toBe(4_500);
    expect(pack.type).toBe("one_time");
    expect(pack.recurring).toBeNull();
  });

  it("overage prices are graduated metered prices on the meter: included units free, then the rate", async () => {
    const ids = await getCatalogIds();
    const meterId = ids.meterId("api_calls")!;
    const meter = await stripeRead("billing.meters.retrieve", (s, o) => s.billing.meters.retrieve(meterId, {}, o));
    expect(meter.event_name).toBe("api_calls");
    expect(meter.default_aggregation.formula).toBe("sum");

    const monthly = await stripeRead("prices.retrieve", (s, o) => s.prices.retrieve(ids.overagePriceId("pro", "api_calls", "month")!, { expand: ["tiers"] }, o));
    expect(monthly.lookup_key).toBe("pro_api_calls_overage_monthly");
    expect(monthly.billing_scheme).toBe("tiered");
    expect(monthly.tiers_mode).toBe("graduated");
    expect(monthly.recurring?.usage_type).toBe("metered");
    expect(monthly.recurring?.meter).toBe(meterId);
    expect(monthly.tiers?.map((t) => [t.up_to, t.unit_amount])).toEqual([[10_000, 0], [null, 2]]);

    const yearly = await stripeRead("prices.retrieve", (s, o) => s.prices.retrieve(ids.overagePriceId("starter", "api_calls", "year")!, { expand: ["tiers"] }, o));
    expect(yearly.recurring?.interval).toBe("year");
    expect(yearly.tiers?.map((t) => [t.up_to, t.unit_amount])).toEqual([[12_000, 0], [null, 3]]);

    // Hard limits and free plans have no overage price.
    expect(ids.overagePriceId("free", "api_calls", "month")).toBeUndefined();
    expect(ids.overagePriceId("pro", "tokens", "month")).toBeUndefined();
  });

  it("coupons and promotion codes match the catalog (PRO50 only applies to Pro)", async () => {
    const ids = await getCatalogIds();
    const pro50 = await stripeRead("coupons.retrieve", (s, o) => s.coupons.retrieve(ids.couponId("PRO50")!, { expand: ["applies_to"] }, o));
    expect(pro50.percent_off).toBe(50);
    expect(pro50.duration).toBe("once");
    expect(pro50.applies_to?.products).toEqual([ids.productId("pro")]);
    const launch = await stripeRead("coupons.retrieve", (s, o) => s.coupons.retrieve(ids.couponId("LAUNCH10")!, {}, o));
    expect(launch.amount_off).toBe(1_000);
    expect(launch.currency).toBe("usd");
    const welcome = await stripeRead("coupons.retrieve", (s, o) => s.coupons.retrieve(ids.couponId("WELCOME20")!, {}, o));
    expect([welcome.percent_off, welcome.duration, welcome.duration_in_months]).toEqual([20, "repeating", 3]);

    const promos = await stripeRead("promotionCodes.list", (s, o) => s.promotionCodes.list({ code: "LAUNCH10", active: true }, o));
    expect(promos.data).toHaveLength(1);
    expect(promos.data[0].id).toBe(ids.promotionCodeId("LAUNCH10"));
    expect(promos.data[0].max_redemptions).toBe(100);
  });

  it("a changed amount creates a new price, moves the lookup key and archives the old one", async () => {
    const key = `zz${randomBytes(4).toString("hex")}`;
    const extra = {
      key,
      name: "Temporary",
      description: "A plan for this test.",
      prices: { monthly: 1_500, yearly: null },
      trialDays: 0,
      includedCredits: 0,
      limits: Object.fromEntries(catalog.metrics.map((m) => [m.key, { included: 5, overageUnitAmountCents: null }])),
      entitlements: [],
    };
    const v1 = validateCatalog({ ...catalogInput, plans: [...catalogInput.plans, extra] });
    const r1 = await syncCatalog({ catalog: v1 });
    expect([r1.created, r1.updated, r1.archived]).toEqual([2, 0, 0]); // product + monthly price
    const oldId = r1.ids[`${key}_monthly`];

    const v2 = validateCatalog({ ...catalogInput, plans: [...catalogInput.plans, { ...extra, prices: { monthly: 1_700, yearly: null } }] });
    const r2 = await syncCatalog({ catalog: v2 });
    expect([r2.created, r2.updated, r2.archived, r2.unchanged]).toEqual([1, 0, 1, TOTAL + 1]);
    const newId = r2.ids[`${key}_monthly`];
    expect(newId).not.toBe(oldId);
    expect(r2.ids[`product:${key}`]).toBe(r1.ids[`product:${key}`]);

    const byKey = await stripeRead("prices.list", (s, o) => s.prices.list({ lookup_keys: [`${key}_monthly`] }, o));
    expect(byKey.data.map((p) => [p.id, p.unit_amount, p.active])).toEqual([[newId, 1_700, true]]);
    const old = await stripeRead("prices.retrieve", (s, o) => s.prices.retrieve(oldId, {}, o));
    expect(old.active).toBe(false);
    expect(old.lookup_key).toBeNull();
    expect((await getCatalogIds()).priceId(key, "month")).toBe(newId);

    const r3 = await syncCatalog({ catalog: v2 });
    expect([r3.created, r3.updated, r3.archived]).toEqual([0, 0, 0]);
  });

  it("a transient failure mid-sync is retried and the result is the same", async () => {
    (await sandbox()).testing.injectFault("GET /v1/billing/meters", { count: 1, kind: 500 });
    (await sandbox()).testing.injectFault("GET /v1/coupons", { count: 1, kind: "reset" });
    try {
      const r = await syncCatalog();
      expect([r.created, r.updated]).toEqual([0, 0]);
      for (const [k, id] of Object.entries(first.ids)) expect(r.ids[k]).toBe(id);
    } finally {
      (await sandbox()).testing.clearFaults();
    }
  });

  it("getCatalogIds explains a missing entry", async () => {
    const ids = await getCatalogIds();
    expect(() => ids.priceId("nonexistent", "month")).toThrow(/npm run stripe:sync/);
    expect(ids.describePrice(ids.priceId("starter", "month"))).toEqual({ lookupKey: "starter_monthly", kind: "price" });
  });
});

describe("start-up in sandbox mode", () => {
  it("restores the clock, writes the control token (0600) and syncs the catalog without creating twice", async () => {
    process.env.PGLITE_DIR = path.join(mkdtempSync(path.join(tmpdir(), "startup-")), "pglite"); // token location only
    resetEnvForTests();
    await prepareStripeAtStart();
    expect(existsSync(sandboxTokenPath())).toBe(true);
    expect(statSync(sandboxTokenPath()).mode & 0o777).toBe(0o600);
    await syncCatalogAtStart();
    const again = await syncCatalog();
    expect([again.created, again.updated]).toEqual([0, 0]);
  });
});

describe("stripe:sync --webhook", () => {
  it("lists the events the dispatcher handles", async () => {
    const events = await webhookEvents();
    expect(events).toContain("checkout.session.completed");
    expect(events).toContain("invoice.payment_failed");
    expect(events).toContain("customer.subscription.trial_will_end");
    expect(events.length).toBeGreaterThanOrEqual(19);
  });

  it("creates the endpoint once, pinned to the app's API version, with the handled events; rejects a non-URL", async () => {
    const url = `http://localhost:3000/api/webhooks/stripe?t=${randomBytes(3).toString("hex")}`;
    const a = await registerWebhookEndpoint(url);
    const b = await registerWebhookEndpoint(url);
    expect(a).toMatchObject({ action: "created", secret: expect.stringMatching(/^whsec_/) });
    expect(b).toEqual({ id: a.id, url, action: "unchanged" });
    const endpoint = await getStripe().webhookEndpoints.retrieve(a.id);
    expect(endpoint).toMatchObject({ url, api_version: STRIPE_API_VERSION, status: "enabled" });
    expect([...endpoint.enabled_events].sort()).toEqual([...(await webhookEvents())].sort());
    const rows = await db.select().from(stripeCatalog).where(eq(stripeCatalog.lookupKey, `webhook_endpoint:${url}`));
    expect(rows.map((r) => [r.kind, r.stripeId])).toEqual([["webhook_endpoint", a.id]]);
    // the sandbox, like Stripe, only accepts a real API version to pin to
    await expect(
      getStripe().webhookEndpoints.create({ url, enabled_events: ["invoice.paid"], api_version: "2026-13-01.bogus" as Stripe.WebhookEndpointCreateParams.ApiVersion }),
    ).rejects.toMatchObject({ statusCode: 400, param: "api_version" });
    await expect(registerWebhookEndpoint("not a url")).rejects.toMatchObject({ status: 400 });
    await expect(registerWebhookEndpoint("ftp://example.com/x")).rejects.toMatchObject({ status: 400 });
  });

  it("an endpoint pinned to another API version (or to none) is replaced by a pinned one; changed events are updated", async () => {
    const stripe = getStripe();
    const url = `https://billing.example.test/api/webhooks/stripe?t=${randomBytes(3).toString("hex")}`;
    const old = await stripe.webhookEndpoints.create({ url, enabled_events: ["invoice.paid"] });
    expect(old.api_version).toBeNull();
    const r = await registerWebhookEndpoint(url);
    expect(r).toMatchObject({ action: "replaced", secret: expect.stringMatching(/^whsec_/) });
    expect(r.id).not.toBe(old.id);
    await expect(stripe.webhookEndpoints.retrieve(old.id)).rejects.toMatchObject({ code: "resource_missing" });
    expect((await stripe.webhookEndpoints.retrieve(r.id)).api_version).toBe(STRIPE_API_VERSION);
    await stripe.webhookEndpoints.update(r.id, { enabled_events: ["invoice.paid"] });
    expect(await registerWebhookEndpoint(url)).toEqual({ id: r.id, url, action: "updated" });
    expect([...(await stripe.webhookEndpoints.retrieve(r.id)).enabled_events].sort()).toEqual([...(await webhookEvents())].sort());
  });
});
