import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, invoices } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { sandbox } from "@/tests/sandbox";
import type Stripe from "stripe";
import { attachCard, latestSubscription, lifecycleOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Plan changes end to end on the sandbox (no fakes): downgrade at the period end through a real
 * subscription schedule, cancelling a pending downgrade, monthly → yearly (now, prorated) and
 * yearly → monthly (at the period end), and an upgrade refused by a declined card that changes nothing.
 */
const HOUR = 3_600_000;
const actor = { type: "user" as const, id: "user_plan_changes" };
let orgId: string;
let customerId: string;
let stripe: Stripe;
let goodCard: string;
let stopRouting: () => void;

const auditActions = async () => (await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).map((a) => a.action);
const invoicesOf = () => db.select().from(invoices).where(eq(invoices.orgId, orgId));

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
  ({ orgId, customerId, stripe } = await lifecycleOrg("Plan Changes", actor));
  goodCard = await attachCard(orgId, customerId, "4242424242424242", true);
  const ids = await getCatalogIds();
  await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("enterprise", "month") }], metadata: { org_id: orgId, plan_key: "enterprise" } });
  await settle(orgId);
});

afterAll(() => stopRouting());

describe("plan changes on the sandbox", () => {
  it("starts on Enterprise monthly, active and paid", async () => {
    expect(await latestSubscription(orgId)).toMatchObject({ status: "active", planKey: "enterprise", interval: "month", amountCents: 49900, pendingChange: null });
  });

  it("a downgrade is scheduled for the period end: nothing charged now, the plan is kept until then", async () => {
    const before = await latestSubscription(orgId);
    const invoicesBefore = (await invoicesOf()).length;
    const preview = await previewPlanChange({ orgId, planKey: "pro", interval: "month" });
    expect(preview).toMatchObject({ kind: "downgrade", immediateChargeCents: 0, effectiveAt: before.currentPeriodEnd.toISOString() });
    const res = await changePlan({ orgId, planKey: "pro", interval: "month", actor });
    expect(res.kind).toBe("downgrade");
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s).toMatchObject({ planKey: "enterprise", amountCents: 49900, status: "active" });
    expect(s.pendingChange).toMatchObject({ planKey: "pro", interval: "month" });
    expect((s.pendingChange as { scheduleId?: string }).scheduleId).toMatch(/^sub_sched_/);
    expect((await stripe.subscriptions.retrieve(s.id)).schedule).toBe((s.pendingChange as { scheduleId: string }).scheduleId);
    expect((await invoicesOf()).length).toBe(invoicesBefore);
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("enterprise");
    expect(await auditActions()).toContain("subscription.downgrade_scheduled");
  });

  it("choosing the current plan again cancels the pending downgrade (the schedule is released)", async () => {
    const pending = (await latestSubscription(orgId)).pendingChange as { scheduleId: string };
    const res = await changePlan({ orgId, planKey: "enterprise", interval: "month", actor });
    expect(res.kind).toBe("pending_change_cancelled");
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s.pendingChange).toBeNull();
    expect((await stripe.subscriptionSchedules.retrieve(pending.scheduleId)).status).toBe("released");
    expect((await stripe.subscriptions.retrieve(s.id)).schedule).toBeNull();
  });

  it("at the period end the scheduled downgrade takes effect and the renewal is invoiced at the new price", async () => {
    await changePlan({ orgId, planKey: "pro", interval: "month", actor });
    await settle(orgId);
    const before = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(before.currentPeriodEnd.getTime() + HOUR) });
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s).toMatchObject({ id: before.id, status: "active", planKey: "pro", interval: "month", amountCents: 9900, pendingChange: null });
    expect(s.currentPeriodStart.getTime()).toBe(before.currentPeriodEnd.getTime());
    const renewal = (await invoicesOf()).filter((i) => i.billingReason === "subscription_cycle");
    expect(renewal.map((i) => [i.status, i.amountPaidCents])).toEqual([["paid", 9900]]);
    const plan = await resolveOrgPlan(orgId);
    expect([plan.plan.key, plan.restricted]).toEqual(["pro", false]);
  });

  it("a declined card refuses an upgrade and changes nothing (no charge, no mirror change, no audit row)", async () => {
    const declining = await attachCard(orgId, customerId, "4000000000000341", true);
    const before = await latestSubscription(orgId);
    const invoicesBefore = await invoicesOf();
    const auditBefore = await auditActions();
    const preview = await previewPlanChange({ orgId, planKey: "enterprise", interval: "month" });
    expect(preview.immediateChargeCents).toBeGreaterThan(0);
    const err = await changePlan({ orgId, planKey: "enterprise", interval: "month", prorationDate: preview.prorationDate, actor }).catch((e) => e);
    expect(err).toMatchObject({ code: "card_declined", status: 402 });
    expect(String(err.message)).toMatch(/declined/i);
    await settle(orgId);
    const live = await stripe.subscriptions.retrieve(before.id);
    expect(live.items.data[0].price.lookup_key ?? live.items.data[0].price.id).toBe(live.items.data[0].price.lookup_key ?? (await getCatalogIds()).priceId("pro", "month"));
    expect(live.items.data[0].price.id).toBe((await getCatalogIds()).priceId("pro", "month"));
    expect(live.status).toBe("active");
    expect(await latestSubscription(orgId)).toMatchObject({ planKey: "pro", amountCents: 9900, status: "active" });
    expect((await invoicesOf()).length).toBe(invoicesBefore.length);
    expect((await stripe.invoices.list({ customer: customerId, limit: 100 })).data.length).toBe(invoicesBefore.length);
    expect(await auditActions()).toEqual(auditBefore);
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: goodCard } });
    await stripe.paymentMethods.detach(declining);
    await settle(orgId);
  });

  it("monthly → yearly applies now: a new yearly period, charged exactly the previewed amount", async () => {
    const before = await latestSubscription(orgId);
    const preview = await previewPlanChange({ orgId, planKey: "pro", interval: "year" });
    expect(preview.kind).toBe("upgrade");
    expect(preview.immediateChargeCents).toBe(99000 - preview.creditCents);
    await changePlan({ orgId, planKey: "pro", interval: "year", prorationDate: preview.prorationDate, actor });
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s).toMatchObject({ id: before.id, status: "active", planKey: "pro", interval: "year", amountCents: 99000 });
    expect(s.currentPeriodEnd.getTime() - s.currentPeriodStart.getTime()).toBeGreaterThanOrEqual(365 * 24 * HOUR);
    const [upgrade] = (await invoicesOf()).filter((i) => i.billingReason === "subscription_update");
    expect([upgrade.status, upgrade.amountPaidCents]).toEqual(["paid", preview.immediateChargeCents]);
  });

  it("yearly → monthly waits for the end of the paid year, then renews monthly", async () => {
    const before = await latestSubscription(orgId);
    const res = await changePlan({ orgId, planKey: "pro", interval: "month", actor });
    expect(res).toMatchObject({ kind: "downgrade", effectiveAt: before.currentPeriodEnd.toISOString() });
    await settle(orgId);
    expect(await latestSubscription(orgId)).toMatchObject({ interval: "year", amountCents: 99000, pendingChange: { planKey: "pro", interval: "month" } });
    const since = before.currentPeriodEnd;
    await (await sandbox()).clock.advance({ to: new Date(before.currentPeriodEnd.getTime() + HOUR) });
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s).toMatchObject({ id: before.id, status: "active", planKey: "pro", interval: "month", amountCents: 9900, pendingChange: null });
    const monthly = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), gt(invoices.created, new Date(since.getTime() - HOUR))));
    expect(monthly.map((i) => [i.billingReason, i.status, i.amountPaidCents])).toEqual([["subscription_cycle", "paid", 9900]]);
  });
});
