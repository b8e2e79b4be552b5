import { NextRequest } from "next/server";
import { desc, eq } from "drizzle-orm";
import { POST as webhookPOST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { organizations, subscriptions } from "@/db/schema";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";

/**
 * Shared set-up for the lifecycle tests on the sandbox clock: every sandbox event is delivered
 * through the signed webhook route (shuffled, as the sandbox delivers them) and processed.
 */
const ctx = { params: Promise.resolve({}) };

export async function routeWebhooksToApp() {
  const { testing } = await sandbox();
  testing.setWebhookTransport(async (d) => {
    const res = await webhookPOST(new NextRequest(d.url, { method: "POST", headers: d.headers, body: d.payload }), ctx);
    return res.status;
  });
  return () => testing.setWebhookTransport(null);
}

/** A fresh organisation linked to a sandbox customer, with the catalog synced. */
export async function lifecycleOrg(name: string, actor: { type: "user"; id: string }) {
  await syncCatalog();
  const orgId = `org_${name.toLowerCase().replace(/\W+/g, "_")}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await db.insert(organizations).values({ id: orgId, name, billingEmail: `billing@${orgId}.test` });
  const customerId = await ensureStripeCustomer(orgId, actor);
  return { orgId, customerId, stripe: getStripe() };
}

/** Deliver and process every pending sandbox event until none is left. */
export async function settle(orgId: string) {
  for (let i = 0; i < 20; i++) {
    const n = await (await sandbox()).testing.flushWebhooks();
    await drainInlineJobs();
    if (n === 0) break;
  }
  invalidateOrgPlan(orgId);
}

/** The organisation's newest mirrored subscription. */
export async function latestSubscription(orgId: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)).orderBy(desc(subscriptions.createdAt));
  return row!;
}

/** Attach a test card (optionally as the invoice default) and let the webhooks land. */
export async function attachCard(orgId: string, customerId: string, number: string, makeDefault: boolean) {
  const stripe = getStripe();
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: customerId });
  if (makeDefault) await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  await settle(orgId);
  return pm.id;
}

/** A new customer through the onboarding wizard's lib steps: billing details, a sandbox card, a plan (with a code), the subscription. */
export async function onboardOrg(input: { name: string; planKey: string; interval: "month" | "year"; discountCode?: string; card?: string }) {
  const { users } = await import("@/db/schema");
  const { newId } = await import("@/lib/ids");
  const { startOnboarding } = await import("@/lib/onboarding/start-onboarding");
  const { saveBillingDetails } = await import("@/lib/onboarding/save-billing-details");
  const { saveOnboardingCard } = await import("@/lib/onboarding/save-payment-method");
  const { choosePlan } = await import("@/lib/onboarding/choose-plan");
  const { confirmOnboardingSubscription } = await import("@/lib/onboarding/confirm-subscription");
  await syncCatalog();
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  const actor = { type: "user" as const, id: u!.id };
  const orgId = newId("org");
  await startOnboarding({ userId: u!.id, name: input.name, orgId, actor });
  await saveBillingDetails({ orgId, actor, companyName: input.name, billingEmail: `billing@${orgId.toLowerCase()}.test`, country: "US" });
  const pm = await (await sandbox()).views.cardForm.createPaymentMethod({ number: input.card ?? "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" }, { idempotencyKey: `${orgId}:card` });
  if (!pm.ok) throw new Error(pm.message);
  await saveOnboardingCard({ orgId, paymentMethodId: pm.paymentMethodId, actor });
  await choosePlan({ orgId, actor, planKey: input.planKey, interval: input.interval, ...(input.discountCode ? { discountCode: input.discountCode } : {}) });
  await confirmOnboardingSubscription({ orgId, actor });
  await settle(orgId);
  return { orgId, actor, userId: u!.id };
}
