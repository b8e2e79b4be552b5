import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { adminAlerts, auditLog, notifications, organizations, stripeEvents } from "@/db/schema";
import { getHealthLists } from "@/lib/analytics/get-health-lists";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { attachCard, latestSubscription, lifecycleOrg, routeWebhooksToApp, settle } from "@/lib/billing/tests/lifecycle-helpers";

/**
 * The two events the app handles that no other test received from the sandbox, produced the way
 * Stripe produces them: a charge on test card 4000000000000259 is disputed (charge.dispute.created),
 * and deleting a customer cancels its subscriptions (customer.deleted). Delivered through the signed
 * webhook route.
 */
const actor = { type: "user" as const, id: "user_dispute" };
let stopRouting: () => void;

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

async function proOrg(name: string, card: string): Promise<{ orgId: string; customerId: string; stripe: Stripe }> {
  const org = await lifecycleOrg(name, actor);
  await attachCard(org.orgId, org.customerId, card, true);
  const ids = await getCatalogIds();
  await org.stripe.subscriptions.create({ customer: org.customerId, items: [{ price: ids.priceId("pro", "month") }], metadata: { org_id: org.orgId, plan_key: "pro" } });
  await settle(org.orgId);
  return org;
}

describe("events from the sandbox the app handles", () => {
  it("a disputed charge (4000000000000259): charge.dispute.created → audit row and an alert on the admin health page", async () => {
    const { orgId, customerId, stripe } = await proOrg("Dispute Co", "4000000000000259");
    expect((await latestSubscription(orgId)).status).toBe("active"); // the charge itself succeeded
    const [received] = await db.select().from(stripeEvents).where(eq(stripeEvents.type, "charge.dispute.created"));
    expect(received).toBeDefined();
    const charges = await stripe.charges.list({ customer: customerId });
    expect(charges.data[0]).toMatchObject({ paid: true, disputed: true });

    const alerts = await db.select().from(adminAlerts).where(and(eq(adminAlerts.kind, "charge_disputed"), eq(adminAlerts.orgId, orgId)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].details).toMatchObject({ charge: charges.data[0].id, customer: customerId, amountCents: 9900, reason: "fraudulent", status: "needs_response" });
    const health = await getHealthLists();
    expect(health.alerts.some((a) => a.kind === "charge_disputed" && a.orgId === orgId)).toBe(true);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "charge.disputed")));
    expect(audits).toHaveLength(1);
  });

  it("a deleted customer: customer.deleted → the organisation is on Free, told once, and its next checkout gets a new customer", async () => {
    const { orgId, customerId, stripe } = await proOrg("Deleted Co", "4242424242424242");
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("pro");
    await stripe.customers.del(customerId);
    await settle(orgId);

    expect((await latestSubscription(orgId)).status).toBe("canceled");
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("free");
    const notes = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "billing_account_deleted")));
    expect(notes).toHaveLength(1);
    expect(notes[0].title).toBe("Your billing account was removed");

    const next = await ensureStripeCustomer(orgId, actor);
    expect(next).not.toBe(customerId);
    expect(next).toMatch(/^cus_/);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org.stripeCustomerId).toBe(next);
    expect(await ensureStripeCustomer(orgId, actor)).toBe(next);
  });
});
