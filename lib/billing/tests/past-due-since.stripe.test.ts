import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { invoices } from "@/db/schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { invalidateOrgPlan, resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { now, nowMs } from "@/lib/clock";
import { getBillingStatus } from "@/lib/usage/get-billing-status";
import { calendarMonth } from "@/lib/usage/period";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, lifecycleOrg } from "./lifecycle-helpers";

/**
 * Lifecycle finding L4 (docs/RELIABILITY.md): the grace period runs from when the subscription became
 * past due — the failed invoice's first attempt, per Stripe — not from when the mirror noticed
 * (docs/BILLING.md §8). Here no webhook reaches the app (none is delivered without a transport): the
 * mirror is synced by hand, days after the failure, as a webhook processed late would.
 */
const DAY = 86_400_000;
const actor = { type: "user" as const, id: "user_past_due_since" };

describe("pastDueSince", () => {
  it("is the failed invoice's first attempt, not the sync time: the grace period ends 7 days after the failure", async () => {
    const { orgId, customerId, stripe } = await lifecycleOrg("Past Due Since", actor);
    const nsf = await stripe.paymentMethods.create({ type: "card", card: { number: "4000000000000341", exp_month: 12, exp_year: 2040, cvc: "123" } });
    await stripe.paymentMethods.attach(nsf.id, { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: nsf.id } });
    const ids = await getCatalogIds();
    const created = await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("pro", "month") }], trial_period_days: 14, metadata: { org_id: orgId, plan_key: "pro" } });
    await syncStripeCustomer(customerId);
    expect((await latestSubscription(orgId)).status).toBe("trialing");

    // the trial ends and its charge fails; nothing reaches the app for 5 days (the retry at +3 days fails too)
    const trialEnd = created.trial_end! * 1000;
    const clock = (await sandbox()).clock;
    await clock.advance({ to: new Date(trialEnd + 60_000) });
    await clock.advance(5 * DAY);
    await syncStripeCustomer(customerId);
    const s = await latestSubscription(orgId);
    expect(s.status).toBe("past_due");
    const [open] = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.status, "open")));
    expect(open!.attemptCount).toBeGreaterThanOrEqual(2);
    // when the first attempt failed (the invoice was finalised and charged at the trial end), not now
    expect(s.pastDueSince!.getTime()).toBe(open!.created.getTime());
    expect(s.pastDueSince!.getTime()).toBeLessThanOrEqual(trialEnd + 60_000);
    expect(nowMs() - s.pastDueSince!.getTime()).toBeGreaterThanOrEqual(5 * DAY);
    invalidateOrgPlan(orgId);
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("pro"); // in grace (day 5 of 7)

    // 8 days after the failure (3 after the sync): restricted — a grace counted from the sync would last 4 more days
    await clock.advance(3 * DAY);
    await syncStripeCustomer(customerId);
    expect((await latestSubscription(orgId)).pastDueSince!.getTime()).toBe(s.pastDueSince!.getTime());
    invalidateOrgPlan(orgId);
    const plan = await resolveOrgPlan(orgId);
    expect([plan.plan.key, plan.restricted]).toEqual(["free", true]);
    // the status API: the Free plan's calendar month, not the unpaid subscription's period
    const st = await getBillingStatus(orgId);
    expect([st.tier, st.status, st.has_subscription, st.expires_at]).toEqual(["free", "past_due", false, calendarMonth(now()).end.toISOString()]);
  });
});
