import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, invoices } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { resumeSubscription } from "@/lib/billing/resume-subscription";
import { planAction } from "@/lib/billing-ui/plan-changes";
import { getStripe } from "@/lib/stripe/client";
import { recordUsage } from "@/lib/usage/record-usage";
import { reportOverage } from "@/lib/usage/report-overage";
import { sandbox } from "@/tests/sandbox";
import { attachCard, latestSubscription, lifecycleOrg, onboardOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * When a plan change takes effect, and what cancelling does to a pending one (docs/BILLING.md §2, §3;
 * issue 13, lifecycle findings L2, L5, L6, L7), on the sandbox with its clock:
 *  - L2: a higher plan at a shorter interval (Pro yearly → Enterprise monthly) is scheduled for the end
 *    of the paid year like every yearly → monthly change — nothing charged now, the plans tab, the
 *    preview and the change agree — and the renewal is Enterprise monthly, $499.00;
 *  - L6: during a trial a lower plan applies at once (Pro monthly with PRO50 → Starter yearly): nothing
 *    charged, Starter's limits now, and the trial converts on Starter yearly, $290.00 (PRO50 is for
 *    Pro's lines only: the preview's "then" and the invoice take nothing off);
 *  - L5: a subscription cancelled during its trial ends at the trial end with nothing charged, though
 *    its trial went 20,000 API calls past Pro's allowance;
 *  - L7: cancelling drops a pending downgrade (its schedule is released); resuming does not bring it back.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const invoicesOf = (orgId: string) => db.select().from(invoices).where(eq(invoices.orgId, orgId));
const auditOf = (orgId: string, action: string) => db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action)));
let stopRouting: () => void;

beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

/** An organisation with an active (no trial), paid subscription on a plan, card 4242. */
async function activeOrg(name: string, planKey: string, interval: "month" | "year") {
  const actor = { type: "user" as const, id: `user_${name.toLowerCase().replace(/\W+/g, "_")}` };
  const { orgId, customerId } = await lifecycleOrg(name, actor);
  await attachCard(orgId, customerId, "4242424242424242", true);
  const ids = await getCatalogIds();
  await getStripe().subscriptions.create({ customer: customerId, items: [{ price: ids.priceId(planKey, interval) }], metadata: { org_id: orgId, plan_key: planKey, interval } });
  await settle(orgId);
  return { orgId, actor };
}

describe("L7: cancelling drops a pending downgrade", () => {
  let org: { orgId: string; actor: { type: "user"; id: string } };

  it("Enterprise monthly with a downgrade to Pro scheduled, then cancelled at the period end: the schedule is released, nothing is pending", async () => {
    org = await activeOrg("Cancel Pending", "enterprise", "month");
    await changePlan({ orgId: org.orgId, planKey: "pro", interval: "month", actor: org.actor });
    await settle(org.orgId);
    const pending = (await latestSubscription(org.orgId)).pendingChange as { planKey: string; scheduleId: string };
    expect(pending).toMatchObject({ planKey: "pro", interval: "month" });
    expect(pending.scheduleId).toMatch(/^sub_sched_/);

    await cancelSubscription({ orgId: org.orgId, actor: org.actor });
    await settle(org.orgId);
    const s = await latestSubscription(org.orgId);
    expect(s).toMatchObject({ planKey: "enterprise", cancelAtPeriodEnd: true, pendingChange: null });
    expect((await getStripe().subscriptionSchedules.retrieve(pending.scheduleId)).status).toBe("released");
    const live = await getStripe().subscriptions.retrieve(s.id);
    expect([live.schedule, live.cancel_at_period_end, live.metadata.pending_plan_key ?? ""]).toEqual([null, true, ""]);
    // recorded: the cancellation names the change it dropped
    const [audit] = await auditOf(org.orgId, "subscription.cancel_scheduled");
    expect(audit?.before).toMatchObject({ pendingChange: { planKey: "pro", interval: "month" } });
    expect(audit?.after).toMatchObject({ pendingChange: null });
  });

  it("choosing the current plan afterwards has nothing to cancel; resuming keeps Enterprise with nothing pending", async () => {
    const err = await changePlan({ orgId: org.orgId, planKey: "enterprise", interval: "month", actor: org.actor }).catch((e) => e);
    expect(err).toMatchObject({ code: "no_change" });
    await resumeSubscription({ orgId: org.orgId, actor: org.actor });
    await settle(org.orgId);
    expect(await latestSubscription(org.orgId)).toMatchObject({ planKey: "enterprise", cancelAtPeriodEnd: false, pendingChange: null });
    // cancel again: at the period end the subscription ends (not a Pro renewal)
    await cancelSubscription({ orgId: org.orgId, actor: org.actor });
    const before = await latestSubscription(org.orgId);
    await (await sandbox()).clock.advance({ to: new Date(before.currentPeriodEnd.getTime() + HOUR) });
    await settle(org.orgId);
    expect(await latestSubscription(org.orgId)).toMatchObject({ status: "canceled", planKey: "enterprise" });
    expect((await invoicesOf(org.orgId)).filter((i) => i.billingReason === "subscription_cycle")).toEqual([]);
  });
});

describe("L5: cancelling during the trial charges nothing at the trial end", () => {
  it("Pro trial, 30,000 API calls (20,000 past the allowance, reported by the overage job), cancelled: ends at the trial end, nothing invoiced", async () => {
    const { orgId, actor } = await onboardOrg({ name: "Trial Cancel", planKey: "pro", interval: "month" });
    const trial = await latestSubscription(orgId);
    expect(trial.status).toBe("trialing");
    await (await sandbox()).clock.advance(DAY);
    await recordUsage({ orgId, metric: "api_calls", quantity: 30_000, idempotencyKey: `${orgId}:trial-usage` });
    await reportOverage();
    await cancelSubscription({ orgId, actor });
    await settle(orgId);
    await (await sandbox()).clock.advance({ to: new Date(trial.trialEnd!.getTime() + HOUR) });
    await reportOverage();
    await settle(orgId);
    expect(await latestSubscription(orgId)).toMatchObject({ status: "canceled", planKey: "pro" });
    const all = await getStripe().invoices.list({ customer: trial.customerId, limit: 100 });
    expect(all.data.map((i) => [i.billing_reason, i.total])).toEqual([["subscription_create", 0]]);
    expect((await invoicesOf(orgId)).map((i) => i.totalCents)).toEqual([0]);
  });

  it("the trial's usage is not sent to Stripe's meter; the first paid period's usage is", async () => {
    const { orgId } = await onboardOrg({ name: "Trial Usage", planKey: "pro", interval: "month" });
    const trial = await latestSubscription(orgId);
    await recordUsage({ orgId, metric: "api_calls", quantity: 25_000, idempotencyKey: `${orgId}:trial` });
    expect((await reportOverage()).units).toBe(0);
    await (await sandbox()).clock.advance({ to: new Date(trial.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    expect((await reportOverage()).units).toBe(0);
    expect(await latestSubscription(orgId)).toMatchObject({ status: "active" });
    await recordUsage({ orgId, metric: "api_calls", quantity: 12_000, idempotencyKey: `${orgId}:paid` });
    expect((await reportOverage()).units).toBe(12_000);
  });
});

describe("L6: during a trial a lower plan applies at once", () => {
  let l6 = "";

  it("Pro monthly + PRO50 trial → Starter yearly: the card, the preview and the change say now; nothing charged; Starter's limits at once", async () => {
    const { orgId, actor } = await onboardOrg({ name: "Trial Downgrade", planKey: "pro", interval: "month", discountCode: "PRO50" });
    l6 = orgId;
    const trial = await latestSubscription(orgId);
    expect(trial.status).toBe("trialing");
    const current = { planKey: "pro", interval: "month", subscribed: true, status: "trialing" };
    expect(planAction(catalog, current, { planKey: "starter", interval: "year" })).toEqual({ kind: "upgrade", label: "Downgrade to Starter" });
    const preview = await previewPlanChange({ orgId, planKey: "starter", interval: "year" });
    expect(preview).toMatchObject({ kind: "upgrade", immediateChargeCents: 0, then: { amountCents: 29_000, discountCents: 0, at: trial.trialEnd!.toISOString() } });
    const res = await changePlan({ orgId, planKey: "starter", interval: "year", prorationDate: preview.prorationDate, actor });
    expect(res.kind).toBe("upgrade");
    await settle(orgId);
    const s = await latestSubscription(orgId);
    expect(s).toMatchObject({ status: "trialing", planKey: "starter", interval: "year", pendingChange: null });
    expect(s.trialEnd!.getTime()).toBe(trial.trialEnd!.getTime());
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("starter");
    expect((await invoicesOf(orgId)).map((i) => i.totalCents)).toEqual([0]);
    expect(await auditOf(orgId, "subscription.changed_in_trial")).toHaveLength(1);
  });

  it("the trial converts on Starter yearly: $290.00 charged at the trial end (PRO50 takes nothing off Starter's line)", async () => {
    const orgId = l6;
    const trial = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(trial.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    expect(await latestSubscription(orgId)).toMatchObject({ status: "active", planKey: "starter", interval: "year", amountCents: 29_000 });
    const cycle = (await invoicesOf(orgId)).filter((i) => i.billingReason === "subscription_cycle");
    expect(cycle.map((i) => [i.status, i.discountCents, i.amountPaidCents])).toEqual([["paid", 0, 29_000]]);
  });
});

describe("L2: a higher plan at a shorter interval is scheduled for the period end", () => {
  let org: { orgId: string; actor: { type: "user"; id: string } };

  it("Pro yearly → Enterprise monthly: the card, the preview and the change say the end of the paid year; nothing charged now", async () => {
    org = await activeOrg("Yearly To Monthly", "pro", "year");
    const before = await latestSubscription(org.orgId);
    expect(before).toMatchObject({ status: "active", planKey: "pro", interval: "year" });
    const current = { planKey: "pro", interval: "year", subscribed: true, status: "active" };
    expect(planAction(catalog, current, { planKey: "enterprise", interval: "month" })).toEqual({ kind: "downgrade", label: "Upgrade to Enterprise" });
    const preview = await previewPlanChange({ orgId: org.orgId, planKey: "enterprise", interval: "month" });
    expect(preview).toMatchObject({ kind: "downgrade", immediateChargeCents: 0, effectiveAt: before.currentPeriodEnd.toISOString() });
    const invoicesBefore = (await invoicesOf(org.orgId)).length;
    const res = await changePlan({ orgId: org.orgId, planKey: "enterprise", interval: "month", actor: org.actor });
    expect(res).toMatchObject({ kind: "downgrade", effectiveAt: before.currentPeriodEnd.toISOString() });
    await settle(org.orgId);
    expect(await latestSubscription(org.orgId)).toMatchObject({ planKey: "pro", interval: "year", amountCents: 99_000, pendingChange: { planKey: "enterprise", interval: "month" } });
    expect((await invoicesOf(org.orgId)).length).toBe(invoicesBefore);
    expect((await resolveOrgPlan(org.orgId)).plan.key).toBe("pro");
  });

  it("at the end of the paid year it renews as Enterprise monthly, $499.00", async () => {
    const before = await latestSubscription(org.orgId);
    await (await sandbox()).clock.advance({ to: new Date(before.currentPeriodEnd.getTime() + HOUR) });
    await settle(org.orgId);
    expect(await latestSubscription(org.orgId)).toMatchObject({ id: before.id, status: "active", planKey: "enterprise", interval: "month", amountCents: 49_900, pendingChange: null });
    const cycle = (await invoicesOf(org.orgId)).filter((i) => i.billingReason === "subscription_cycle");
    expect(cycle.map((i) => [i.status, i.amountPaidCents])).toEqual([["paid", 49_900]]);
  });
});
