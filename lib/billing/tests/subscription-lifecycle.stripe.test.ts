import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { creditGrants, invoices, notifications, organizations, paymentMethods, stripeEvents } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { changePlan } from "@/lib/billing/change-plan";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { attachPaymentMethod, detachPaymentMethod, listPaymentMethods } from "@/lib/billing/payment-methods";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { resumeSubscription } from "@/lib/billing/resume-subscription";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { nowUnix } from "@/lib/clock";
import { sandbox } from "@/tests/sandbox";
import { attachCard, latestSubscription, lifecycleOrg, routeWebhooksToApp, settle as settleAll } from "./lifecycle-helpers";

/**
 * The whole subscription lifecycle on the sandbox's clock, with every sandbox event delivered through
 * the signed webhook route (shuffled, as the sandbox delivers them): trial → active → upgrade (prorated,
 * to the cent) → cancel at period end → resume → failed renewal → past_due → grace → restricted → paid
 * → restored.
 */
const DAY = 86_400_000;
const actor = { type: "user" as const, id: "user_lifecycle" };
let orgId: string;
let customerId: string;
let stripe: Stripe;
let stopRouting: () => void;

const settle = () => settleAll(orgId);
const sub = () => latestSubscription(orgId);
const card = (number: string, makeDefault: boolean) => attachCard(orgId, customerId, number, makeDefault);

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
  ({ orgId, customerId, stripe } = await lifecycleOrg("Lifecycle Inc", actor));
});

afterAll(() => stopRouting());

describe("subscription lifecycle on the sandbox clock", () => {
  it("links one Stripe customer per organisation", async () => {
    expect(await ensureStripeCustomer(orgId, actor)).toBe(customerId);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org.stripeCustomerId).toBe(customerId);
  });

  it("trial: a Pro subscription with a 14-day trial is mirrored as trialing, with trial credits", async () => {
    await card("4242424242424242", true);
    const ids = await getCatalogIds();
    await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("pro", "month") }], trial_period_days: 14, metadata: { org_id: orgId, plan_key: "pro" } });
    await settle();
    const s = await sub();
    expect(s).toMatchObject({ status: "trialing", planKey: "pro", interval: "month", amountCents: 9900, cancelAtPeriodEnd: false, pastDueSince: null });
    expect(s.trialEnd).not.toBeNull();
    const pms = await listPaymentMethods(orgId);
    expect(pms).toHaveLength(1);
    expect(pms[0]).toMatchObject({ last4: "4242", isDefault: true });
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
    expect(grants.map((g) => g.amount)).toEqual([5000]);
    const events = await db.select().from(stripeEvents).where(eq(stripeEvents.customerId, customerId));
    expect(events.length).toBeGreaterThan(2);
    expect(events.every((e) => e.status === "processed")).toBe(true);
  });

  it("active: 15 days later the trial has converted with a paid $99.00 invoice", async () => {
    await (await sandbox()).clock.advance(15 * DAY);
    await settle();
    const s = await sub();
    expect(s.status).toBe("active");
    const paid = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.status, "paid")));
    expect(paid.map((i) => i.amountPaidCents).sort((a, b) => a - b)).toEqual([0, 9900]);
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
    expect(grants).toHaveLength(2);
    const plan = await resolveOrgPlan(orgId);
    expect([plan.plan.key, plan.restricted]).toEqual(["pro", false]);
  });

  it("upgrade: Enterprise now, charged exactly the previewed prorated amount", async () => {
    const before = await sub();
    const preview = await previewPlanChange({ orgId, planKey: "enterprise", interval: "month" });
    expect(preview.kind).toBe("upgrade");
    const start = before.currentPeriodStart.getTime() / 1000;
    const end = before.currentPeriodEnd.getTime() / 1000;
    const fraction = (end - preview.prorationDate) / (end - start);
    expect(preview.creditCents).toBe(Math.round(9900 * fraction));
    expect(preview.prorationChargeCents).toBe(Math.round(49900 * fraction));
    expect(Math.abs(preview.immediateChargeCents - (49900 - 9900) * fraction)).toBeLessThanOrEqual(1);
    expect(preview.prorationChargeCents - preview.creditCents).toBe(preview.immediateChargeCents);
    await changePlan({ orgId, planKey: "enterprise", interval: "month", prorationDate: preview.prorationDate, actor });
    await settle();
    const s = await sub();
    expect(s).toMatchObject({ status: "active", planKey: "enterprise", amountCents: 49900 });
    const [upgradeInvoice] = await db
      .select()
      .from(invoices)
      .where(and(eq(invoices.orgId, orgId), eq(invoices.billingReason, "subscription_update")));
    expect(upgradeInvoice.status).toBe("paid");
    expect(upgradeInvoice.amountPaidCents).toBe(preview.immediateChargeCents);
  });

  it("cancel at period end, then resume", async () => {
    await cancelSubscription({ orgId, actor });
    expect((await sub()).cancelAtPeriodEnd).toBe(true);
    await expect(cancelSubscription({ orgId, actor })).rejects.toMatchObject({ code: "already_cancelling" });
    await expect(cancelSubscription({ orgId, actor, when: "now" })).rejects.toMatchObject({ status: 403 });
    await resumeSubscription({ orgId, actor });
    expect((await sub()).cancelAtPeriodEnd).toBe(false);
    await settle();
    expect((await sub()).cancelAtPeriodEnd).toBe(false);
  });

  it("the only card of a paid subscription cannot be removed", async () => {
    const [pm] = await listPaymentMethods(orgId);
    await expect(detachPaymentMethod({ orgId, paymentMethodId: pm.id, actor })).rejects.toMatchObject({ code: "last_payment_method", status: 409 });
  });

  it("failed renewal → past_due (grace) → restricted after the grace period", async () => {
    const oldPm = (await listPaymentMethods(orgId))[0].id;
    await card("4000000000000341", true); // attaches fine, declines every charge
    await detachPaymentMethod({ orgId, paymentMethodId: oldPm, actor });
    const s0 = await sub();
    await (await sandbox()).clock.advance({ to: new Date(s0.currentPeriodEnd.getTime() + 3_600_000) });
    await settle();
    const s = await sub();
    expect(s.status).toBe("past_due");
    expect(s.pastDueSince).not.toBeNull();
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("enterprise"); // in grace
    const failed = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "payment_failed")));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    await (await sandbox()).clock.advance(8 * DAY);
    await settle();
    const s2 = await sub();
    expect(s2.status).toBe("past_due");
    expect(s2.pastDueSince?.getTime()).toBe(s.pastDueSince?.getTime());
    const plan = await resolveOrgPlan(orgId);
    expect([plan.plan.key, plan.restricted]).toEqual(["free", true]);
  });

  it("a new default card that also declines: the card is saved, the overdue invoice stays open, still restricted", async () => {
    const nsf = await stripe.paymentMethods.create({ type: "card", card: { number: "4000000000000341", exp_month: 12, exp_year: 2040, cvc: "123" } });
    const res = await attachPaymentMethod({ orgId, paymentMethodId: nsf.id, makeDefault: true, actor });
    expect(res.overdue).toMatchObject({ paid: false, code: "card_declined", amountCents: 49900 });
    // The 0341 card is already saved (same fingerprint): it is reused, not stored twice (issue 13 item 7).
    expect(res.duplicateOf).toBeTruthy();
    expect(res.methods.find((m) => m.isDefault)?.id).toBe(res.duplicateOf);
    await settle();
    expect((await sub()).status).toBe("past_due");
    expect((await resolveOrgPlan(orgId)).restricted).toBe(true);
  });

  it("paid with a good card → active and restored at once (a new default card pays the overdue invoice)", async () => {
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
    const pmId = pm.id;
    const [open] = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open")));
    const res = await attachPaymentMethod({ orgId, paymentMethodId: pmId, makeDefault: true, actor });
    expect(res.overdue).toEqual({ invoiceId: open.id, amountCents: 49900, currency: "usd", paid: true });
    await settle();
    const s = await sub();
    expect(s.status).toBe("active");
    expect(s.pastDueSince).toBeNull();
    const plan = await resolveOrgPlan(orgId);
    expect([plan.plan.key, plan.restricted]).toEqual(["enterprise", false]);
    const restored = await db.select().from(notifications).where(and(eq(notifications.orgId, orgId), eq(notifications.kind, "payment_recovered")));
    expect(restored).toHaveLength(1);
    const pms = await db.select().from(paymentMethods).where(eq(paymentMethods.orgId, orgId));
    expect(pms.find((p) => p.isDefault)?.id).toBe(pmId);
  });

  it("a re-sync with no change writes no audit rows and the mirror matches Stripe", async () => {
    const res = await syncStripeCustomer(customerId, { actor });
    expect(res.changes).toEqual([]);
    const live = await stripe.subscriptions.retrieve((await sub()).id);
    expect(live.status).toBe((await sub()).status);
    expect(nowUnix()).toBeGreaterThan(live.start_date);
  });
});
