import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { conflict } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { getCatalogIds } from "./catalog-ids";
import { planItemPrices } from "./subscription-items";
import type { Interval } from "./catalog-schema";
import { appUrl } from "./checkout-urls";
import { currentSubscription, ensureStripeCustomer } from "./org-billing";
import { requirePaidPlan } from "./plan-change-kind";
import { isChangeableStatus } from "./subscription-states";
import { syncStripeCustomer } from "./sync-stripe-customer";
import { validateDiscount } from "./validate-discount";

export type CheckoutInput = {
  orgId: string;
  planKey: string;
  interval: Interval;
  /** A promotion code typed by the customer (validated first); otherwise Checkout lets them enter one. */
  promotionCode?: string;
  successUrl?: string;
  cancelUrl?: string;
  actor: Actor;
  /** Stable across retries of the same intent (e.g. a request id): one session per key. */
  idempotencyKey?: string;
};

/**
 * A Stripe Checkout session in subscription mode for a paid plan: the catalog's trial (first
 * subscription only), promotion codes allowed, metadata tying it to the organisation. The webhook
 * (and the return page) turn the completed session into the mirror via syncStripeCustomer.
 */
export async function createCheckoutSession(input: CheckoutInput): Promise<{ id: string; url: string }> {
  const { plan } = requirePaidPlan(input.planKey, input.interval);
  const existing = await currentSubscription(input.orgId);
  if (existing && isChangeableStatus(existing.status)) {
    throw conflict("This organisation already has a subscription: change its plan instead.", "already_subscribed");
  }
  const ids = await getCatalogIds();
  // The plan's price and its metered overage prices (docs/BILLING.md §3): without them a checkout-made
  // subscription never billed usage past the allowance. Metered line items carry no quantity.
  const lineItems = planItemPrices(ids, plan.key, input.interval).map((p) => (p.metric ? { price: p.price } : { price: p.price, quantity: 1 }));
  // Everything that can refuse the request is checked before anything is created in Stripe.
  let promotionCodeId: string | undefined;
  if (input.promotionCode) {
    const check = await validateDiscount({ code: input.promotionCode, planKey: plan.key });
    if (!check.valid) throw conflict(check.reason, "invalid_discount");
    promotionCodeId = check.promotionCodeId ?? undefined;
  }
  const successUrl = appUrl("/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}", input.successUrl);
  const cancelUrl = appUrl("/billing?checkout=cancelled", input.cancelUrl);
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  const hadSubscription = (await db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.orgId, input.orgId)).limit(1)).length > 0;
  const metadata = { org_id: input.orgId, plan_key: plan.key, interval: input.interval };
  const session = await callStripe(
    "checkout.sessions.create",
    (s, o) =>
      s.checkout.sessions.create(
        {
          mode: "subscription",
          customer,
          client_reference_id: input.orgId,
          line_items: lineItems,
          subscription_data: { metadata, ...(plan.trialDays > 0 && !hadSubscription ? { trial_period_days: plan.trialDays } : {}) },
          ...(promotionCodeId ? { discounts: [{ promotion_code: promotionCodeId }] } : { allow_promotion_codes: true }),
          metadata,
          success_url: successUrl,
          cancel_url: cancelUrl,
        },
        o,
      ),
    input.idempotencyKey ? { idempotencyKey: `${input.orgId}:${plan.key}:${input.interval}:${promotionCodeId ?? "-"}:${input.idempotencyKey}` } : {},
  );
  await record(db, { actor: input.actor, orgId: input.orgId, action: "checkout.started", target: session.id, after: { plan: plan.key, interval: input.interval, promotionCode: input.promotionCode ?? null } });
  return { id: session.id, url: session.url ?? appUrl("/billing") };
}

/**
 * The checkout return page: re-sync the session's customer so the page shows the subscription even
 * before the webhook lands. Only the session's own organisation may confirm it.
 */
export async function confirmCheckoutSession(orgId: string, sessionId: string, actor: Actor) {
  const session = await callStripe("checkout.sessions.retrieve", (s, o) => s.checkout.sessions.retrieve(sessionId, {}, o));
  if (session.metadata?.org_id !== orgId && session.client_reference_id !== orgId) throw conflict("This checkout belongs to another organisation.", "wrong_organisation");
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (customer) await syncStripeCustomer(customer, { actor });
  return { status: session.status, paymentStatus: session.payment_status, mode: session.mode };
}
