import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { invoices, users } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { getBillingOverview } from "@/lib/billing-ui/get-overview";
import { newId } from "@/lib/ids";
import { choosePlan } from "@/lib/onboarding/choose-plan";
import { confirmOnboardingSubscription } from "@/lib/onboarding/confirm-subscription";
import { getSubscriptionSummary as getOnboardingSummary } from "@/lib/onboarding/get-subscription-summary";
import { saveBillingDetails } from "@/lib/onboarding/save-billing-details";
import { saveOnboardingCard } from "@/lib/onboarding/save-payment-method";
import { startOnboarding } from "@/lib/onboarding/start-onboarding";
import { getStripe } from "@/lib/stripe/client";
import { getBillingStatus } from "@/lib/usage/get-billing-status";
import { recordUsageBatch } from "@/lib/usage/record-usage";
import { reportOverage } from "@/lib/usage/report-overage";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 §4 item 1, the walk that overcharged $640: Pro monthly with WELCOME20 (onboarding adds the
 * plan's metered overage items), upgrade to Enterprise during the trial, the trial converts, 50,000 API
 * calls, then the renewal. Expected figures from docs/BILLING.md, by hand:
 *  - Enterprise monthly $499.00, WELCOME20 = 20 % off for 3 months → trial-end invoice 49900 − 9980 = 39920;
 *  - 50,000 API calls ≤ Enterprise's 100,000 allowance → overage 0 units, $0;
 *  - renewal (≈ day 44, inside WELCOME20's 3 months): 49900 + 0 − 20 % = 39920.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ENTERPRISE = 49_900;
const WELCOME20 = (cents: number) => cents - Math.round(cents * 0.2);
let orgId: string;
let stopRouting: () => void;
const actorRef = { current: { type: "user" as const, id: "" } };

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
  await syncCatalog();
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  const actor = { type: "user" as const, id: u!.id };
  actorRef.current = actor;
  orgId = newId("org");
  await startOnboarding({ userId: u!.id, name: "Overcharged Ltd", orgId, actor });
  await saveBillingDetails({ orgId, actor, companyName: "Overcharged Ltd", billingEmail: "b@overcharged.test", country: "US" });
  const pm = await (await sandbox()).views.cardForm.createPaymentMethod({ number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" }, { idempotencyKey: `${orgId}:card` });
  if (!pm.ok) throw new Error(pm.message);
  await saveOnboardingCard({ orgId, paymentMethodId: pm.paymentMethodId, actor });
  await choosePlan({ orgId, actor, planKey: "pro", interval: "month", discountCode: "WELCOME20" });
  await confirmOnboardingSubscription({ orgId, actor });
  await settle(orgId);
});

afterAll(() => stopRouting());

async function livePrices() {
  const sub = await latestSubscription(orgId);
  const live = await getStripe().subscriptions.retrieve(sub.id);
  return live.items.data.map((i) => i.price.id).sort();
}

describe("Pro monthly + WELCOME20 → Enterprise in the trial → 50,000 API calls → renewal", () => {
  it("onboarding leaves exactly Pro's price and Pro's metered overage price", async () => {
    const ids = await getCatalogIds();
    expect(await livePrices()).toEqual([ids.priceId("pro", "month"), ids.overagePriceId("pro", "api_calls", "month")!].sort());
    expect(await latestSubscription(orgId)).toMatchObject({ status: "trialing", planKey: "pro" });
    // The wizard's review step names the card (it said "Card on file (default)").
    expect((await getOnboardingSummary(orgId)).paymentMethodLabel).toBe("Visa ending in 4242");
  });

  it("the upgrade in the trial leaves exactly Enterprise's items (the Pro overage item is gone) and charges nothing", async () => {
    await (await sandbox()).clock.advance(DAY);
    await settle(orgId);
    const preview = await previewPlanChange({ orgId, planKey: "enterprise", interval: "month" });
    // Item 2: nothing charged in the trial (no $0.00 lines to show), then Enterprise less WELCOME20 (still in force at the trial end).
    const trialEnd = (await latestSubscription(orgId)).trialEnd!;
    expect(preview).toMatchObject({ immediateChargeCents: 0, creditCents: 0, prorationChargeCents: 0, discountCents: 0 });
    expect(preview.then).toEqual({ amountCents: WELCOME20(ENTERPRISE), discountCents: ENTERPRISE / 5, at: trialEnd.toISOString() });
    await changePlan({ orgId, planKey: "enterprise", interval: "month", prorationDate: preview.prorationDate, actor: actorRef.current });
    await settle(orgId);
    const ids = await getCatalogIds();
    expect(await livePrices()).toEqual([ids.priceId("enterprise", "month"), ids.overagePriceId("enterprise", "api_calls", "month")!].sort());
    const sub = await latestSubscription(orgId);
    expect(sub).toMatchObject({ status: "trialing", planKey: "enterprise", amountCents: WELCOME20(ENTERPRISE) });
    expect((sub.items as { priceId: string }[]).map((i) => i.priceId).sort()).toEqual(await livePrices());
  });

  it("the trial converts: $399.20 charged", async () => {
    const before = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(before.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    const sub = await latestSubscription(orgId);
    expect(sub.status).toBe("active");
    const paid = (await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.status, "paid")))).filter((i) => i.amountPaidCents > 0);
    expect(paid.map((i) => i.amountPaidCents)).toEqual([WELCOME20(ENTERPRISE)]);
    expect(WELCOME20(ENTERPRISE)).toBe(39_920);
  });

  it("after 50,000 API calls the status API and the dashboard estimate say: no overage, next invoice $399.20", async () => {
    await recordUsageBatch(
      orgId,
      Array.from({ length: 5 }, (_, i) => ({ metric: "api_calls", quantity: 10_000, idempotencyKey: `calls-${i}` })),
    );
    const status = await getBillingStatus(orgId);
    expect(status.usage).toMatchObject({ current: 50_000, included: 100_000, remaining: 50_000, overage: 0 });
    expect(status.overage_amount_cents).toBe(0);
    const overview = await getBillingOverview(orgId);
    expect(overview.nextInvoice).toMatchObject({ overageCents: 0, totalCents: 39_920 });
  });

  it("the renewal invoice is $399.20: Enterprise's plan line and its overage line at $0, nothing priced at Pro's rate", async () => {
    await reportOverage();
    const before = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(before.currentPeriodEnd.getTime() + HOUR) });
    await settle(orgId);
    // The trial-end invoice is a subscription_cycle too: the renewal is the one created at this period end.
    const [renewal, ...more] = (await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.billingReason, "subscription_cycle")))).filter(
      (i) => i.created.getTime() >= before.currentPeriodEnd.getTime(),
    );
    expect(more).toEqual([]);
    expect(renewal).toMatchObject({ subtotalCents: ENTERPRISE, discountCents: ENTERPRISE - 39_920, totalCents: 39_920, amountPaidCents: 39_920, status: "paid" });
    const lines = renewal!.lines as { description: string; amountCents: number }[];
    expect(lines.filter((l) => /Pro/.test(l.description))).toEqual([]);
    expect(lines.map((l) => l.amountCents).sort((a, b) => a - b)).toEqual([0, ENTERPRISE]);
    expect(lines.find((l) => l.amountCents === 0)!.description).toMatch(/^50000 × Enterprise API calls overage/);
  });
});
