import { NextRequest } from "next/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookPOST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { creditGrants, organizations, stripeEvents, subscriptions } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { confirmCheckoutSession, createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { sandbox } from "@/tests/sandbox";
import { replayEvent } from "@/lib/stripe/webhooks/replay-events";

/** Checkout through the sandbox's hosted page, every event through the signed webhook route (each delivered twice). */
const actor = { type: "user" as const, id: "user_checkout" };
const ctx = { params: Promise.resolve({}) };
const delivered: string[] = [];

async function settle() {
  for (let i = 0; i < 20; i++) {
    const n = await (await sandbox()).testing.flushWebhooks();
    await drainInlineJobs();
    if (n === 0) break;
  }
}

async function newOrg(name: string) {
  const id = `org_co_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await db.insert(organizations).values({ id, name });
  return id;
}

beforeAll(async () => {
  (await sandbox()).testing.setWebhookTransport(async (d) => {
    // Stripe retries and duplicates: every event arrives twice, concurrently.
    const post = () => webhookPOST(new NextRequest(d.url, { method: "POST", headers: d.headers, body: d.payload }), ctx);
    const [a, b] = await Promise.all([post(), post()]);
    delivered.push(d.type);
    return Math.max(a.status, b.status);
  });
  await syncCatalog();
});
afterAll(async () => (await sandbox()).testing.setWebhookTransport(null));

describe("checkout through the sandbox", () => {
  it("Pro yearly with 4242: one trialing subscription, whatever the event order", async () => {
    const orgId = await newOrg("Checkout Co");
    const { id, url } = await createCheckoutSession({ orgId, planKey: "pro", interval: "year", actor });
    expect(url).toContain(id);
    const result = await (await sandbox()).views.checkout.complete(id, { card: { number: "4242424242424242" }, email: "buyer@example.test" });
    expect(result.ok).toBe(true);
    await confirmCheckoutSession(orgId, id, actor); // the return page, possibly before any webhook
    await settle();
    const rows = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "trialing", planKey: "pro", interval: "year", amountCents: 99000 });
    // Exactly the plan's items: its yearly price and its yearly API-calls overage price (issue 13 item 1).
    const ids = await getCatalogIds();
    expect((rows[0]!.items as { priceId: string }[]).map((i) => i.priceId).sort()).toEqual([ids.priceId("pro", "year"), ids.overagePriceId("pro", "api_calls", "year")!].sort());
    expect(delivered).toContain("checkout.session.completed");
    expect(delivered).toContain("customer.subscription.created");
  });

  it("4000000000000002 is declined with a clear message and creates nothing", async () => {
    const orgId = await newOrg("Declined Co");
    const { id } = await createCheckoutSession({ orgId, planKey: "starter", interval: "month", actor });
    const result = await (await sandbox()).views.checkout.complete(id, { card: { number: "4000000000000002" } });
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: string }).error).toMatch(/declined/i);
    await settle();
    expect(await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId))).toHaveLength(0);
  });

  it("a credit pack paid once is granted once", async () => {
    const orgId = await newOrg("Pack Co");
    const { id } = await createPaymentCheckout({ orgId, packKey: "pack_1000", actor });
    expect((await (await sandbox()).views.checkout.complete(id, { card: { number: "4242424242424242" } })).ok).toBe(true);
    await settle();
    const [completed] = await db.select().from(stripeEvents).where(eq(stripeEvents.type, "checkout.session.completed")).then((r) => r.filter((e) => (e.payload as { data: { object: { id: string } } }).data.object.id === id));
    expect(completed).toBeDefined();
    await replayEvent(completed.id);
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ source: "purchased", amount: 1000, idempotencyKey: `pack:${id}` });
  });
});
