import "server-only";
import { catalog } from "@/lib/billing/catalog";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { now } from "@/lib/clock";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { env } from "@/lib/env";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";
import { buildOverview } from "./overview";

/** The overview tab's data: subscription (mirror), current-period usage and credits, as a view-model. */
export async function getBillingOverview(orgId: string) {
  const [summary, usage, credits] = await Promise.all([getSubscriptionSummary(orgId), getUsageSummary(orgId, "current"), getCreditBalance(orgId)]);
  return buildOverview(catalog, {
    subscription: summary.subscription,
    effectivePlan: summary.effectivePlan,
    usage,
    credits,
    graceDays: env.GRACE_PERIOD_DAYS,
    now: now(),
  });
}
