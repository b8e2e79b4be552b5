import "server-only";
import { getPlan } from "./catalog";
import { currentSubscription } from "./org-billing";
import { resolveOrgPlan } from "./resolve-org-plan";

/** The organisation's subscription as the billing API shows it (mirror + effective plan). */
export async function getSubscriptionSummary(orgId: string) {
  const [sub, effective] = await Promise.all([currentSubscription(orgId), resolveOrgPlan(orgId)]);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    effectivePlan: { key: effective.plan.key, name: effective.plan.name, restricted: effective.restricted, interval: effective.interval },
    subscription: sub && {
      id: sub.id,
      status: sub.status,
      plan: { key: sub.planKey, name: getPlan(sub.planKey)?.name ?? sub.planKey },
      interval: sub.interval,
      amountCents: Number(sub.amountCents),
      currency: sub.currency,
      quantity: sub.quantity,
      currentPeriodStart: iso(sub.currentPeriodStart),
      currentPeriodEnd: iso(sub.currentPeriodEnd),
      trialEnd: iso(sub.trialEnd),
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      cancelAt: iso(sub.cancelAt),
      canceledAt: iso(sub.canceledAt),
      pastDueSince: iso(sub.pastDueSince),
      discount: sub.discount ?? null,
      pendingChange: sub.pendingChange ?? null,
      latestInvoiceId: sub.latestInvoiceId,
    },
  };
}
