import "server-only";
import type Stripe from "stripe";
import type { Actor } from "@/lib/audit/write-audit";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { grantCredits } from "@/lib/credits/grant-credits";
import { conflict } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { catalog } from "./catalog";

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

/** The receipt link of one of the organisation's credit-pack payments (the invoices tab's "Receipt"). */
export async function packReceiptUrl(orgId: string, sessionId: string): Promise<string | null> {
  return receiptUrlOfSession(await sessionOfOrg(orgId, sessionId));
}
