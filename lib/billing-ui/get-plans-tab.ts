import "server-only";
import { catalog } from "@/lib/billing/catalog";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { isChangeableStatus } from "@/lib/billing/subscription-states";
import { buildPlanCards } from "./plan-cards";
import { planAction, whatYouLose } from "./plan-changes";

/** The plans tab: comparison cards, the action each offers, and what cancelling would lose. */
export async function getPlansTab(orgId: string) {
  const { subscription: sub, effectivePlan } = await getSubscriptionSummary(orgId);
  const subscribed = Boolean(sub && isChangeableStatus(sub.status));
  const current = { planKey: sub?.plan.key ?? effectivePlan.key, interval: sub?.interval ?? "month", subscribed };
  const cards = buildPlanCards(catalog);
  return {
    plans: cards.map((c) => ({
      card: c,
      actions: { month: planAction(catalog, current, { planKey: c.key, interval: "month" }), year: planAction(catalog, current, { planKey: c.key, interval: "year" }) },
    })),
    current: {
      ...current,
      planName: sub?.plan.name ?? effectivePlan.name,
      status: sub?.status ?? null,
      cancelAtPeriodEnd: sub?.cancelAtPeriodEnd ?? false,
      periodEnd: sub?.cancelAt ?? sub?.currentPeriodEnd ?? null,
      pendingChange: (sub?.pendingChange as { planKey?: string; interval?: string; effectiveAt?: string } | null) ?? null,
    },
    losses: sub ? whatYouLose(catalog, sub.plan.key) : [],
  };
}
