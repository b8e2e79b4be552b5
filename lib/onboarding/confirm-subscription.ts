import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { organizations, subscriptions } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { getPlan } from "@/lib/billing/catalog";
import type { Interval } from "@/lib/billing/catalog-schema";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { planItemPrices } from "@/lib/billing/subscription-items";
import { CURRENT_STATUSES } from "@/lib/billing/subscription-states";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { callStripe } from "@/lib/stripe/call-stripe";
import { completeStep, loadSession } from "./session";

/**
 * Step 5: create the subscription for the chosen plan (the catalog's trial, the discount code, the
 * saved card as default), then sync the mirror so the dashboard shows it at once. The free plan needs
 * no Stripe subscription. A double submit creates one subscription: the session (and the org's live
 * subscriptions) are checked first and the Stripe call carries a stable idempotency key.
 */
export async function confirmOnboardingSubscription(input: { orgId: string; actor: Actor }) {
  const { orgId } = input;
  const [session, org] = await withOrg(orgId, async (tx) => [
    await loadSession(orgId, tx),
    (await tx.select().from(organizations).where(eq(organizations.id, orgId)))[0],
  ] as const);
  if (!org) throw notFound("organisation");
  if (!session?.planKey || !session.completedSteps.includes("plan")) throw conflict("Choose a plan first.", "plan_missing");
  if (session.subscriptionId || session.completedSteps.includes("subscription")) return { session, subscriptionId: session.subscriptionId, created: false };
  const plan = getPlan(session.planKey);
  if (!plan) throw badRequest(`Unknown plan "${session.planKey}".`, undefined, "unknown_plan");
  const free = plan.prices.monthly === 0 && plan.prices.yearly === null;

  let subscriptionId: string | null = null;
  if (!free) {
    if (!org.stripeCustomerId) throw conflict("Add your billing details first.", "customer_missing");
    if (!session.paymentMethodId) throw conflict("Add a payment method first.", "payment_method_missing");
    const existing = await withOrg(orgId, (tx) =>
      tx.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.orgId, orgId), inArray(subscriptions.status, [...CURRENT_STATUSES]))),
    );
    if (existing[0]) {
      subscriptionId = existing[0].id;
    } else {
      const interval = (session.interval ?? "month") as Interval;
      const ids = await getCatalogIds();
      const items = planItemPrices(ids, plan.key, interval).map((p) => ({ price: p.price }));
      const promo = session.discountCode ? ids.promotionCodeId(session.discountCode) : undefined;
      if (session.discountCode && !promo) throw badRequest(`The code ${session.discountCode} is not available any more. Go back and remove it.`, undefined, "invalid_discount");
      const customerId = org.stripeCustomerId;
      const sub = await callStripe(
        "subscriptions.create",
        (s, o) =>
          s.subscriptions.create(
            {
              customer: customerId,
              items,
              default_payment_method: session.paymentMethodId!,
              ...(plan.trialDays > 0 ? { trial_period_days: plan.trialDays } : {}),
              ...(promo ? { discounts: [{ promotion_code: promo }] } : {}),
              payment_behavior: "error_if_incomplete",
              metadata: { org_id: orgId, plan_key: plan.key, source: "onboarding" },
            },
            o,
          ),
        { idempotencyKey: `${orgId}:onboarding-subscription:${plan.key}:${interval}:${session.discountCode ?? ""}:${session.paymentMethodId}` },
      );
      subscriptionId = sub.id;
    }
    try {
      await syncStripeCustomer(org.stripeCustomerId, { actor: input.actor });
    } catch (err) {
      logger.warn({ err: (err as Error).message, orgId }, "mirror sync after subscribing failed; the webhook will retry");
    }
  }
  const updated = await withOrg(orgId, async (tx) => {
    const fresh = (await loadSession(orgId, tx))!;
    await record(tx, {
      actor: input.actor,
      orgId,
      action: "onboarding.subscribed",
      target: subscriptionId ?? orgId,
      after: { plan: plan.key, interval: session.interval, discount_code: session.discountCode, subscription_id: subscriptionId },
    });
    return completeStep(tx, fresh, "subscription", { subscriptionId });
  });
  return { session: updated, subscriptionId, created: true };
}
