import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { invoices } from "@/db/schema";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, onboardOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 item 2 (docs/BILLING.md §3, §4): the upgrade preview is the invoice then charged, to the cent,
 * with the discount in force (WELCOME20 carries over: 20 % off the proration invoice's subtotal, rounded
 * once), and "then" is the new price less the discount still in force at the next renewal.
 * Proration by seconds: round(price × seconds left ÷ seconds in the period), each rounded to the cent.
 */
const HOUR = 3_600_000;
let stopRouting: () => void;
beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

describe("upgrade preview with WELCOME20 after the trial", () => {
  it("Pro → Enterprise ten days into the first paid month: preview = charge, discounted; then $399.20", async () => {
    const { orgId, actor } = await onboardOrg({ name: "Preview Co", planKey: "pro", interval: "month", discountCode: "WELCOME20" });
    let sub = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(sub.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    sub = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(sub.currentPeriodStart.getTime() + 10 * 24 * HOUR) });
    await settle(orgId);
    const preview = await previewPlanChange({ orgId, planKey: "enterprise", interval: "month" });
    // By hand from the rules:
    const start = sub.currentPeriodStart.getTime() / 1000;
    const end = sub.currentPeriodEnd.getTime() / 1000;
    const left = end - preview.prorationDate;
    const credit = Math.round((9_900 * left) / (end - start));
    const charge = Math.round((49_900 * left) / (end - start));
    const discount = Math.round(((charge - credit) * 20) / 100);
    expect(preview).toMatchObject({ creditCents: credit, prorationChargeCents: charge, discountCents: discount, immediateChargeCents: charge - credit - discount });
    expect(preview.then).toMatchObject({ amountCents: 39_920, discountCents: 9_980 });
    await changePlan({ orgId, planKey: "enterprise", interval: "month", prorationDate: preview.prorationDate, actor });
    await settle(orgId);
    const [upgrade] = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.billingReason, "subscription_update")));
    expect(upgrade).toMatchObject({ status: "paid", subtotalCents: charge - credit, discountCents: discount, amountPaidCents: charge - credit - discount });
  });
});
