import { createHash } from "node:crypto";
import "server-only";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { callStripe, declineReason } from "@/lib/stripe/call-stripe";
import { isSandbox } from "@/lib/stripe/client";
import { completeStep, loadSession } from "./session";

export type SandboxCard = { number: string; expMonth: number; expYear: number; cvc: string; name?: string };

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
    await writeAudit(tx, { actor, orgId, action: "payment_method.added", target: paymentMethodId, after: { default: true, via: "onboarding" } });
    return completeStep(tx, session, "payment", { paymentMethodId });
  });
}

/**
 * Step 3 in sandbox mode: the sandbox's card form posts Stripe's test numbers; the card becomes a
 * PaymentMethod attached to the customer and set as default. A declined card throws
 * `card_declined` (402) with the reason in plain words and changes nothing. `attemptId` (chosen
 * when the form renders) makes a double submit create one PaymentMethod.
 */
export async function saveSandboxCard(input: { orgId: string; card: SandboxCard; attemptId: string; actor: Actor }) {
  if (!isSandbox()) throw badRequest("Card numbers are only accepted by the offline sandbox; use the secure card form.", undefined, "sandbox_only");
  const customerId = await customerOf(input.orgId);
  const { card } = input;
  const pm = await callStripe(
    "paymentMethods.create",
    (s, o) =>
      s.paymentMethods.create(
        {
          type: "card",
          card: { number: card.number.replace(/[\s-]/g, ""), exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc },
          ...(card.name ? { billing_details: { name: card.name } } : {}),
          metadata: { org_id: input.orgId },
        },
        o,
      ),
    // Same form + same card → same PaymentMethod; another card after a decline → a new one.
    { idempotencyKey: `${input.orgId}:${input.attemptId}:${createHash("sha256").update(`${card.number.replace(/[\s-]/g, "")}|${card.expMonth}|${card.expYear}`).digest("hex")}` },
  );
  await callStripe("paymentMethods.attach", (s, o) => s.paymentMethods.attach(pm.id, { customer: customerId }, o), {
    idempotencyKey: `${input.orgId}:${pm.id}:${customerId}`,
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
