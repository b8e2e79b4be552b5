import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys, memberships, onboardingSessions, organizations, users } from "@/db/schema";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { newId } from "@/lib/ids";
import { choosePlan, skipPaymentStep } from "@/lib/onboarding/choose-plan";
import { completeOnboarding } from "@/lib/onboarding/complete-onboarding";
import { confirmOnboardingSubscription } from "@/lib/onboarding/confirm-subscription";
import { getOnboardingStatus } from "@/lib/onboarding/get-onboarding-status";
import { saveBillingDetails } from "@/lib/onboarding/save-billing-details";
import { saveOnboardingCard } from "@/lib/onboarding/save-payment-method";
import { startOnboarding } from "@/lib/onboarding/start-onboarding";
import { callStripe, configureStripeResilience } from "@/lib/stripe/call-stripe";
import type { Actor } from "@/lib/audit/write-audit";
import { sandbox } from "@/tests/sandbox";

async function user() {
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  return u!;
}
const actorOf = (id: string) => ({ type: "user" as const, id });
const card = (number: string) => ({ number, expMonth: 12, expYear: 2040, cvc: "123" });

/** What the wizard's step 3 does: the sandbox's card form makes a PaymentMethod, the app saves only its id. */
async function saveSandboxCard(input: { orgId: string; actor: Actor; card: ReturnType<typeof card>; attemptId: string }) {
  const pm = await (await sandbox()).views.cardForm.createPaymentMethod(input.card, { idempotencyKey: `${input.attemptId}:${input.card.number}` });
  if (!pm.ok) throw Object.assign(new Error(pm.message), { code: pm.code });
  return saveOnboardingCard({ orgId: input.orgId, paymentMethodId: pm.paymentMethodId, actor: input.actor });
}

beforeAll(async () => {
  configureStripeResilience({ initialDelayMs: 5, maxDelayMs: 20 });
  await syncCatalog();
});

async function started() {
  const u = await user();
  const orgId = newId("org");
  await startOnboarding({ userId: u.id, name: "Acme", orgId, actor: actorOf(u.id) });
  return { u, orgId, actor: actorOf(u.id) };
}

describe("onboarding wizard (lib)", () => {
  it("step 1 twice with the same form creates one organisation; status resumes at customer", async () => {
    const u = await user();
    const orgId = newId("org");
    const [a, b] = await Promise.all([
      startOnboarding({ userId: u.id, name: "Acme", orgId, actor: actorOf(u.id) }),
      startOnboarding({ userId: u.id, name: "Acme", orgId, actor: actorOf(u.id) }),
    ]);
    expect(a.orgId).toBe(orgId);
    expect(b.orgId).toBe(orgId);
    expect(await db.select().from(memberships).where(eq(memberships.userId, u.id))).toHaveLength(1);
    const status = await getOnboardingStatus(orgId);
    expect(status.step).toBe("customer");
    expect(status.steps.filter((s) => s.done).map((s) => s.key)).toEqual(["start"]);
    // someone else's org id is refused
    const other = await user();
    await expect(startOnboarding({ userId: other.id, name: "X", orgId, actor: actorOf(other.id) })).rejects.toMatchObject({ status: 409 });
  });

  it("step 2 creates one Stripe customer with metadata.org_id, even when submitted twice", async () => {
    const { orgId, actor } = await started();
    const details = { companyName: "Acme Ltd", billingEmail: "Billing@Acme.test", country: "gb" };
    const [r1, r2] = await Promise.all([saveBillingDetails({ orgId, actor, ...details }), saveBillingDetails({ orgId, actor, ...details })]);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org!.stripeCustomerId).toMatch(/^cus_/);
    expect([r1.customerId, r2.customerId]).toEqual([org!.stripeCustomerId, org!.stripeCustomerId]);
    expect(org).toMatchObject({ companyName: "Acme Ltd", billingEmail: "billing@acme.test", country: "GB" });
    const customer = await callStripe("customers.retrieve", (s, o) => s.customers.retrieve(org!.stripeCustomerId!, {}, o));
    expect(customer).toMatchObject({ email: "billing@acme.test", metadata: { org_id: orgId } });
    const list = await callStripe("customers.search", (s, o) => s.customers.search({ query: `metadata['org_id']:'${orgId}'` }, o));
    expect(list.data).toHaveLength(1);
    expect((await getOnboardingStatus(orgId)).step).toBe("payment");
    await expect(saveBillingDetails({ orgId, actor, ...details, country: "XX" })).rejects.toMatchObject({ code: "invalid_country", status: 400 });
  });

  it("step 3: a declined card gives the reason and keeps the step; 4242 saves the default card", async () => {
    const { orgId, actor } = await started();
    await expect(saveSandboxCard({ orgId, actor, card: card("4242424242424242"), attemptId: "a0" })).rejects.toMatchObject({ code: "customer_missing" });
    await saveBillingDetails({ orgId, actor, companyName: "Acme", billingEmail: "b@acme.test", country: "US" });
    await expect(saveSandboxCard({ orgId, actor, card: card("4000000000000002"), attemptId: "a1" })).rejects.toMatchObject({
      code: "card_declined",
      status: 402,
      message: "Your card was declined.",
    });
    await expect(saveSandboxCard({ orgId, actor, card: card("4242424242424241"), attemptId: "a2" })).rejects.toMatchObject({ message: "Your card number is incorrect." });
    expect((await getOnboardingStatus(orgId)).step).toBe("payment");
    const ok = await saveSandboxCard({ orgId, actor, card: card("4242 4242 4242 4242"), attemptId: "a3" });
    const again = await saveSandboxCard({ orgId, actor, card: card("4242 4242 4242 4242"), attemptId: "a3" });
    expect(again.paymentMethodId).toBe(ok.paymentMethodId);
    expect(ok).toMatchObject({ brand: "visa", last4: "4242" });
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    const pms = await callStripe("paymentMethods.list", (s, o) => s.paymentMethods.list({ customer: org!.stripeCustomerId!, type: "card" }, o));
    expect(pms.data.map((p) => p.id)).toEqual([ok.paymentMethodId]);
    const status = await getOnboardingStatus(orgId);
    expect(status).toMatchObject({ step: "plan", payment_method_id: ok.paymentMethodId });
  });

  it("free plan: skips payment, no Stripe subscription, one API key however often step 6 runs", async () => {
    const { u, orgId, actor } = await started();
    await saveBillingDetails({ orgId, actor, companyName: "Acme", billingEmail: "b@acme.test", country: "US" });
    await skipPaymentStep({ orgId });
    expect((await getOnboardingStatus(orgId)).step).toBe("plan");
    await expect(choosePlan({ orgId, actor, planKey: "starter", interval: "month", discountCode: "PRO50" })).rejects.toMatchObject({ code: "invalid_discount" });
    await choosePlan({ orgId, actor, planKey: "free", interval: "month" });
    expect((await getOnboardingStatus(orgId)).step).toBe("subscription");
    const sub = await confirmOnboardingSubscription({ orgId, actor });
    expect(sub.subscriptionId).toBeNull();
    const results = await Promise.all([1, 2, 3].map(() => completeOnboarding({ orgId, userId: u.id, actor })));
    expect(results.filter((r) => r.apiKey).length).toBe(1);
    expect(results.filter((r) => r.alreadyShown).length).toBe(2);
    expect(await db.select().from(apiKeys).where(eq(apiKeys.orgId, orgId))).toHaveLength(1);
    const status = await getOnboardingStatus(orgId);
    expect(status).toMatchObject({ step: "complete", completed: true, api_key_created: true });
    expect(status.steps.find((s) => s.key === "payment")).toMatchObject({ skipped: true, done: false });
  });

  it("a paid plan chosen without a card sends the wizard back to payment", async () => {
    const { orgId, actor } = await started();
    await saveBillingDetails({ orgId, actor, companyName: "Acme", billingEmail: "b@acme.test", country: "US" });
    await skipPaymentStep({ orgId });
    await choosePlan({ orgId, actor, planKey: "pro", interval: "month", discountCode: "welcome20" });
    expect((await getOnboardingStatus(orgId)).step).toBe("payment");
    await expect(confirmOnboardingSubscription({ orgId, actor })).rejects.toMatchObject({ code: "payment_method_missing" });
    const [row] = await db.select().from(onboardingSessions).where(and(eq(onboardingSessions.orgId, orgId)));
    expect(row).toMatchObject({ planKey: "pro", discountCode: "WELCOME20" });
  });

  it("Pro monthly with WELCOME20 and 4242: one trialing subscription with the discount, credits granted once", async () => {
    const { u, orgId, actor } = await started();
    await saveBillingDetails({ orgId, actor, companyName: "Acme", billingEmail: "b@acme.test", country: "US" });
    await saveSandboxCard({ orgId, actor, card: card("4242424242424242"), attemptId: "pay1" });
    await choosePlan({ orgId, actor, planKey: "pro", interval: "month", discountCode: "WELCOME20" });
    const [a, b] = await Promise.all([confirmOnboardingSubscription({ orgId, actor }), confirmOnboardingSubscription({ orgId, actor })]);
    expect(a.subscriptionId).toMatch(/^sub_/);
    expect(b.subscriptionId).toBe(a.subscriptionId);
    const again = await confirmOnboardingSubscription({ orgId, actor });
    expect(again).toMatchObject({ subscriptionId: a.subscriptionId, created: false });
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    const subs = await callStripe("subscriptions.list", (s, o) => s.subscriptions.list({ customer: org!.stripeCustomerId!, status: "all" }, o));
    expect(subs.data).toHaveLength(1);
    expect(subs.data[0]).toMatchObject({ status: "trialing", metadata: { org_id: orgId, plan_key: "pro" } });
    const { subscriptions } = await import("@/db/schema");
    const [mirror] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    expect(mirror).toMatchObject({ status: "trialing", planKey: "pro", interval: "month" });
    expect(JSON.stringify(mirror!.discount)).toContain("WELCOME20");
    const r1 = await completeOnboarding({ orgId, userId: u.id, actor });
    const r2 = await completeOnboarding({ orgId, userId: u.id, actor });
    expect(r1.credits).toEqual({ granted: 5_000, balance: 5_000 });
    expect(r2.credits).toEqual({ granted: 5_000, balance: 5_000 });
    expect(r1.apiKey?.key).toBeTruthy();
    expect(r2.apiKey).toBeNull();
    const { getCreditBalance } = await import("@/lib/credits/get-credit-balance");
    expect((await getCreditBalance(orgId)).by_source.subscription).toBe(5_000);
  });
});
