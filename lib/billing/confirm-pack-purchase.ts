import "server-only";
import type Stripe from "stripe";
import type { Actor } from "@/lib/audit/write-audit";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { grantCredits } from "@/lib/credits/grant-credits";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { paymentMethods } from "@/db/schema";
import { record } from "@/lib/events/record";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { catalog } from "./catalog";
import { ensureStripeCustomer } from "./org-billing";

/**
 * A paid credit-pack Checkout session → the pack's credits, once (keyed by the session id). The one
 * definition used by the `checkout.session.completed` webhook and by the return page, whichever comes
 * first, so the balance shown after paying is already the new one.
 */
export async function grantPackOfSession(session: Stripe.Checkout.Session, actor: Actor) {
  const packKey = session.metadata?.pack_key;
  const orgId = session.metadata?.org_id ?? null;
  if (session.mode !== "payment" || !packKey) return { granted: false as const, note: "one-time payment without a credit pack" };
  const pack = catalog.creditPacks.find((p) => p.key === packKey);
  if (!pack) return { granted: false as const, note: `unknown credit pack ${packKey}` };
  if (!orgId) return { granted: false as const, note: "credit pack session without an organisation" };
  if (session.payment_status !== "paid") return { granted: false as const, note: `pack not granted: payment_status ${session.payment_status}` };
  const res = await grantCredits({ orgId, source: "purchased", amount: pack.credits, idempotencyKey: `pack:${session.id}`, actor, reason: `Purchased ${pack.name}` });
  return { granted: true as const, duplicate: res.duplicate, pack, orgId, note: res.duplicate ? `pack ${pack.key} already granted` : `granted ${pack.credits} credits (${pack.key})` };
}

/** The receipt of a one-time Checkout payment (the charge's receipt; the sandbox renders one too). */
export async function receiptUrlOfSession(session: Stripe.Checkout.Session): Promise<string | null> {
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
  if (!piId) return null;
  const pi = await callStripe("paymentIntents.retrieve", (s, o) => s.paymentIntents.retrieve(piId, {}, o));
  const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
  if (!chargeId) return null;
  const charge = await callStripe("charges.retrieve", (s, o) => s.charges.retrieve(chargeId, {}, o));
  return charge.receipt_url ?? null;
}

async function sessionOfOrg(orgId: string, sessionId: string) {
  const session = await callStripe("checkout.sessions.retrieve", (s, o) => s.checkout.sessions.retrieve(sessionId, {}, o));
  if (session.metadata?.org_id !== orgId && session.client_reference_id !== orgId) throw conflict("This checkout belongs to another organisation.", "wrong_organisation");
  return session;
}

/**
 * The credits page after paying (`?purchase=success&session_id=…`): grant the pack now if the webhook
 * has not yet, and answer the new balance and the receipt link — no "refresh if the balance has not
 * changed yet".
 */
export async function confirmPackPurchase(input: { orgId: string; sessionId: string; actor: Actor }) {
  const session = await sessionOfOrg(input.orgId, input.sessionId);
  const grant = await grantPackOfSession(session, input.actor);
  const balance = (await getCreditBalance(input.orgId)).balance;
  return {
    paid: session.payment_status === "paid",
    credits: grant.granted ? grant.pack.credits : 0,
    amountCents: session.amount_total ?? null,
    balance,
    receiptUrl: session.payment_status === "paid" ? await receiptUrlOfSession(session) : null,
  };
}

/** The receipt link of one of the organisation's credit-pack payments (a Checkout session or a saved-card payment). */
export async function packReceiptUrl(orgId: string, reference: string): Promise<string | null> {
  if (reference.startsWith("pi_")) {
    const pi = await callStripe("paymentIntents.retrieve", (s, o) => s.paymentIntents.retrieve(reference, {}, o));
    if (pi.metadata?.org_id !== orgId) throw conflict("This payment belongs to another organisation.", "wrong_organisation");
    return receiptUrlOfSession({ payment_intent: pi.id } as Stripe.Checkout.Session);
  }
  return receiptUrlOfSession(await sessionOfOrg(orgId, reference));
}

/**
 * Buy a credit pack with a card already saved (no checkout, nothing new stored): charge it now and grant
 * the pack once (keyed by the payment). A declined card changes nothing. The payment_intent.succeeded
 * webhook grants with the same key if this process stops between the charge and the grant.
 */
export async function payPackWithSavedCard(input: { orgId: string; packKey: string; paymentMethodId: string; actor: Actor; idempotencyKey: string }) {
  const pack = catalog.creditPacks.find((p) => p.key === input.packKey);
  if (!pack) throw badRequest(`Unknown credit pack "${input.packKey}".`, undefined, "unknown_pack");
  const [card] = await db.select().from(paymentMethods).where(and(eq(paymentMethods.id, input.paymentMethodId), eq(paymentMethods.orgId, input.orgId)));
  if (!card) throw notFound("payment method");
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  const metadata = { org_id: input.orgId, pack_key: pack.key, source: "saved_card" };
  const pi = await callStripe(
    "paymentIntents.create",
    (s, o) =>
      s.paymentIntents.create(
        { amount: pack.priceCents, currency: catalog.currency, customer, payment_method: card.id, confirm: true, off_session: true, description: `Purchased ${pack.name}`, metadata },
        o,
      ),
    { idempotencyKey: `pack-saved:${input.orgId}:${pack.key}:${input.idempotencyKey}` },
  );
  if (pi.status !== "succeeded") throw new AppError("payment_failed", "The payment did not go through: try another card.", 402);
  const grant = await grantPackOfPayment(pi, input.actor);
  await record(db, { actor: input.actor, orgId: input.orgId, action: "credits.purchased_with_saved_card", target: pi.id, after: { pack: pack.key, credits: pack.credits, priceCents: pack.priceCents, paymentMethod: card.id } });
  return {
    paymentIntentId: pi.id,
    credits: pack.credits,
    amountCents: pack.priceCents,
    balance: (await getCreditBalance(input.orgId)).balance,
    duplicate: grant?.duplicate ?? false,
    receiptUrl: await receiptUrlOfSession({ payment_intent: pi.id } as Stripe.Checkout.Session),
  };
}

/** A succeeded saved-card pack payment → the pack's credits, once (`pack:<payment intent>`). */
export async function grantPackOfPayment(pi: Stripe.PaymentIntent, actor: Actor) {
  const md = pi.metadata ?? {};
  const pack = catalog.creditPacks.find((p) => p.key === md.pack_key);
  if (md.source !== "saved_card" || !pack || !md.org_id || pi.status !== "succeeded") return null;
  return grantCredits({ orgId: md.org_id, source: "purchased", amount: pack.credits, idempotencyKey: `pack:${pi.id}`, actor, reason: `Purchased ${pack.name}` });
}
