import "server-only";
import { currentSubscription } from "@/lib/billing/org-billing";
import { listPaymentMethods } from "@/lib/billing/payment-methods";

/** The payment-methods tab: cards (default first) and whether the last card may be removed. */
export async function getPaymentMethodsTab(orgId: string) {
  const [methods, sub] = await Promise.all([listPaymentMethods(orgId), currentSubscription(orgId)]);
  const paid = Boolean(sub && Number(sub.amountCents) > 0 && ["active", "trialing", "past_due", "unpaid"].includes(sub.status) && !sub.cancelAtPeriodEnd);
  return { methods, removable: !paid };
}
