import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { isChangeableStatus } from "@/lib/billing/subscription-states";
import { buildPlanCards } from "./plan-cards";
import { planAction, whatYouLose } from "./plan-changes";

/** The plans tab: comparison cards, the action each offers, and what cancelling would lose. */
export async function getPlansTab(orgId: string) {
  const { subscription: sub, effectivePlan } = await getSubscriptionSummary(orgId);
  const subscribed = Boolean(sub && isChangeableStatus(sub.status));
  const current = { planKey: sub?.plan.key ?? effectivePlan.key, interval: sub?.interval ?? "month", subscribed, status: sub?.status ?? null };
  // One trial per organisation (docs/BILLING.md §2): once it has had a subscription, no card offers a trial.
  const hadSubscription = Boolean(sub) || (await db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.orgId, orgId)).limit(1)).length > 0;
  const cards = buildPlanCards(catalog).map((c) => (hadSubscription ? { ...c, trialLabel: null } : c));
  return {
    plans: cards.map((c) => ({
      card: c,
      actions: { month: planAction(catalog, current, { planKey: c.key, interval: "month" }), year: planAction(catalog, current, { planKey: c.key, interval: "year" }) },
    })),
    current: {
      ...current,
      planName: sub?.plan.name ?? effectivePlan.name,
      cancelAtPeriodEnd: sub?.cancelAtPeriodEnd ?? false,
      periodEnd: sub?.cancelAt ?? sub?.currentPeriodEnd ?? null,
      pendingChange: (sub?.pendingChange as { planKey?: string; interval?: string; effectiveAt?: string } | null) ?? null,
    },
    losses: sub ? whatYouLose(catalog, sub.plan.key) : [],
  };
}
