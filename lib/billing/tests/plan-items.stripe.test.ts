import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { changePlan } from "@/lib/billing/change-plan";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, onboardOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 item 1 (docs/BILLING.md §3): "a plan or interval change leaves exactly the new plan's
 * subscription items" — for an onboarded subscription (plan price + metered overage price): a scheduled
 * downgrade renews onto the lower plan's items, and monthly → yearly (which Stripe refused while the
 * monthly overage item stayed: mixed intervals) moves every item to yearly, charged as previewed.
 * Starter yearly = $290.00 (10 × $29.00).
 */
const HOUR = 3_600_000;
let stopRouting: () => void;
beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

const livePrices = async (orgId: string) => (await getStripe().subscriptions.retrieve((await latestSubscription(orgId)).id)).items.data.map((i) => i.price.id).sort();

describe("plan items through downgrades and interval changes", () => {
  it("Pro → Starter at the period end, then Starter monthly → yearly", async () => {
    const { orgId, actor } = await onboardOrg({ name: "Items Co", planKey: "pro", interval: "month" });
    const ids = await getCatalogIds();
    const itemsOf = (plan: string, interval: "month" | "year") => [ids.priceId(plan, interval), ids.overagePriceId(plan, "api_calls", interval)!].sort();
    let sub = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(sub.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    expect((await latestSubscription(orgId)).status).toBe("active");

    await changePlan({ orgId, planKey: "starter", interval: "month", actor });
    await settle(orgId);
    expect(await livePrices(orgId)).toEqual(itemsOf("pro", "month"));
    sub = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(sub.currentPeriodEnd.getTime() + HOUR) });
    await settle(orgId);
    expect(await livePrices(orgId)).toEqual(itemsOf("starter", "month"));
    expect(await latestSubscription(orgId)).toMatchObject({ planKey: "starter", interval: "month", amountCents: 2_900 });

    const preview = await previewPlanChange({ orgId, planKey: "starter", interval: "year" });
    await changePlan({ orgId, planKey: "starter", interval: "year", prorationDate: preview.prorationDate, actor });
    await settle(orgId);
    expect(await livePrices(orgId)).toEqual(itemsOf("starter", "year"));
    expect(await latestSubscription(orgId)).toMatchObject({ planKey: "starter", interval: "year", amountCents: 29_000 });
    expect(preview.immediateChargeCents).toBe(29_000 - preview.creditCents);
  });
});
