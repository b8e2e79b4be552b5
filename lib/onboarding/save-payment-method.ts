import "server-only";
import { sameCardOnFile } from "@/lib/billing/payment-methods";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { AppError, conflict, notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { callStripe, declineReason } from "@/lib/stripe/call-stripe";
import { completeStep, loadSession } from "./session";

async function customerOf(orgId: string) {
  const [org] = await withOrg(orgId, (tx) => tx.select({ customerId: organizations.stripeCustomerId }).from(organizations).where(eq(organizations.id, orgId)));
  if (!org) throw notFound("organisation");
  if (!org.customerId) throw conflict("Add your billing details first (step 2).", "customer_missing");
  return org.customerId;
}

async function finish(orgId: string, customerId: string, paymentMethodId: string, actor: Actor) {
  await callStripe("customers.update", (s, o) => s.customers.update(customerId, { invoice_settings: { default_payment_method: paymentMethodId } }, o), {
    idempotencyKey: `${orgId}:default-pm:${paymentMethodId}`,
  });
  try {
    await syncStripeCustomer(customerId, { actor });
  } catch (err) {
    logger.warn({ err: (err as Error).message, orgId }, "mirror sync after adding a card failed; the webhook will retry");
  }
  return withOrg(orgId, async (tx) => {
    const session = await loadSession(orgId, tx);
    if (!session) throw conflict("Start onboarding first.", "onboarding_not_started");
    await record(tx, { actor, orgId, action: "payment_method.added", target: paymentMethodId, after: { default: true, via: "onboarding" } });
    return completeStep(tx, session, "payment", { paymentMethodId });
  });
}

/**
 * Step 3 with a PaymentMethod the card form created (the sandbox's form, standing in for Stripe.js):
 * attach it to the customer and make it the default. A card the bank refuses to save throws
 * `card_declined` (402) with the reason in plain words and changes nothing; the same PaymentMethod
 * submitted twice is attached once.
 */
export async function saveOnboardingCard(input: { orgId: string; paymentMethodId: string; actor: Actor }) {
  const customerId = await customerOf(input.orgId);
  // The same card typed again (same fingerprint) is not stored twice: the saved one is used.
  const saved = await sameCardOnFile(customerId, input.paymentMethodId);
  const pm = saved
    ? await callStripe("paymentMethods.retrieve", (s, o) => s.paymentMethods.retrieve(saved, {}, o))
    : await callStripe("paymentMethods.attach", (s, o) => s.paymentMethods.attach(input.paymentMethodId, { customer: customerId }, o), {
        idempotencyKey: `${input.orgId}:${input.paymentMethodId}:${customerId}`,
      });
  const session = await finish(input.orgId, customerId, pm.id, input.actor);
  return { paymentMethodId: pm.id, brand: pm.card?.brand ?? null, last4: pm.card?.last4 ?? null, session };
}

/** Step 3 with real Stripe: a SetupIntent for Stripe Elements (PaymentElement) to confirm in the browser. */
export async function createOnboardingSetupIntent(input: { orgId: string; attemptId: string }) {
  const customerId = await customerOf(input.orgId);
  const si = await callStripe(
    "setupIntents.create",
    (s, o) => s.setupIntents.create({ customer: customerId, usage: "off_session", metadata: { org_id: input.orgId } }, o),
    { idempotencyKey: `${input.orgId}:${input.attemptId}` },
  );
  return { setupIntentId: si.id, clientSecret: si.client_secret! };
}

/** Step 3 with real Stripe: after Elements confirmed the SetupIntent, check it server-side and make its card the default. */
export async function confirmOnboardingSetupIntent(input: { orgId: string; setupIntentId: string; actor: Actor }) {
  const customerId = await customerOf(input.orgId);
  const si = await callStripe("setupIntents.retrieve", (s, o) => s.setupIntents.retrieve(input.setupIntentId, {}, o));
  const siCustomer = typeof si.customer === "string" ? si.customer : si.customer?.id;
  if (siCustomer !== customerId) throw notFound("setup intent");
  if (si.status !== "succeeded" || !si.payment_method) {
    const e = si.last_setup_error;
    throw new AppError("card_declined", e ? declineReason({ code: e.code, decline_code: e.decline_code }) : "The card could not be saved. Try again or use another card.", 402);
  }
  const pmId = typeof si.payment_method === "string" ? si.payment_method : si.payment_method.id;
  const session = await finish(input.orgId, customerId, pmId, input.actor);
  return { paymentMethodId: pmId, session };
}
