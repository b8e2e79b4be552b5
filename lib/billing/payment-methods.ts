import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { paymentMethods, subscriptions, type PaymentMethodRow } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { conflict, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { CURRENT_STATUSES, currentSubscription, ensureStripeCustomer } from "./org-billing";
import { payOverdueInvoice, type OverdueOutcome } from "./pay-overdue-invoice";
import { syncStripeCustomer } from "./sync-stripe-customer";

export type PaymentMethodView = Pick<PaymentMethodRow, "id" | "type" | "brand" | "last4" | "expMonth" | "expYear" | "isDefault">;
/**
 * The cards after a change, and — when the new default card was used to pay an overdue invoice — how
 * that went. `duplicateOf`: the card was already saved (same fingerprint), so nothing new was stored.
 */
export type PaymentMethodsChange = { methods: PaymentMethodView[]; overdue: OverdueOutcome | null; duplicateOf?: string | null };

/**
 * The card the customer already has with the same fingerprint as `paymentMethodId` (the same card typed
 * again), or null: a card is stored once per customer.
 */
export async function sameCardOnFile(customer: string, paymentMethodId: string): Promise<string | null> {
  const pm = await callStripe("paymentMethods.retrieve", (s, o) => s.paymentMethods.retrieve(paymentMethodId, {}, o));
  const fp = pm.card?.fingerprint;
  if (!fp) return null;
  const saved = await callStripe("paymentMethods.list", (s, o) => s.paymentMethods.list({ customer, type: "card", limit: 100 }, o));
  return saved.data.find((p) => p.id !== pm.id && p.card?.fingerprint === fp)?.id ?? null;
}

/** "Visa ending in 4242" */
export function cardLabel(pm: Pick<PaymentMethodView, "brand" | "last4">): string {
  const brand = pm.brand ? pm.brand.charAt(0).toUpperCase() + pm.brand.slice(1) : "Card";
  return pm.last4 ? `${brand} ending in ${pm.last4}` : brand;
}

/** The organisation's card payment methods, default first (from the mirror). */
export async function listPaymentMethods(orgId: string): Promise<PaymentMethodView[]> {
  const rows = await db
    .select()
    .from(paymentMethods)
    .where(eq(paymentMethods.orgId, orgId))
    .orderBy(desc(paymentMethods.isDefault), desc(paymentMethods.created));
  return rows.map(({ id, type, brand, last4, expMonth, expYear, isDefault }) => ({ id, type, brand, last4, expMonth, expYear, isDefault }));
}

/** Start adding a card: a SetupIntent whose client secret the payment form confirms. */
export async function createSetupIntent(input: { orgId: string; actor: Actor }): Promise<{ id: string; clientSecret: string }> {
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  const intent = await callStripe("setupIntents.create", (s, o) =>
    s.setupIntents.create({ customer, usage: "off_session", metadata: { org_id: input.orgId } }, o),
  );
  await record(db, { actor: input.actor, orgId: input.orgId, action: "payment_method.setup_started", target: intent.id });
  return { id: intent.id, clientSecret: intent.client_secret ?? "" };
}

/**
 * Attach a payment method (e.g. confirmed outside a SetupIntent) and optionally make it the default.
 * A new default card pays an overdue invoice at once (see payOverdueInvoice).
 */
export async function attachPaymentMethod(input: { orgId: string; paymentMethodId: string; makeDefault?: boolean; actor: Actor }): Promise<PaymentMethodsChange> {
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  // The same card typed again is not stored twice: the saved one is used (and made the default if asked).
  const duplicateOf = await sameCardOnFile(customer, input.paymentMethodId);
  const cardId = duplicateOf ?? input.paymentMethodId;
  if (!duplicateOf) {
    await callStripe("paymentMethods.attach", (s, o) => s.paymentMethods.attach(input.paymentMethodId, { customer }, o), {
      idempotencyKey: `attach:${customer}:${input.paymentMethodId}`,
    });
  }
  if (input.makeDefault) await setDefault(customer, cardId);
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: duplicateOf ? "payment_method.duplicate_ignored" : "payment_method.attach_requested",
    target: cardId,
    after: { makeDefault: Boolean(input.makeDefault), ...(duplicateOf ? { typed: input.paymentMethodId } : {}) },
  });
  await syncStripeCustomer(customer, { actor: input.actor });
  const overdue = input.makeDefault ? await payOverdueInvoice({ orgId: input.orgId, paymentMethodId: cardId, actor: input.actor }) : null;
  return { methods: await listPaymentMethods(input.orgId), overdue, duplicateOf };
}

/** Make one of the organisation's cards the default for invoices (and pay an overdue invoice with it). */
export async function setDefaultPaymentMethod(input: { orgId: string; paymentMethodId: string; actor: Actor }): Promise<PaymentMethodsChange> {
  const pm = await ownPaymentMethod(input.orgId, input.paymentMethodId);
  await setDefault(pm.customerId, pm.id);
  await record(db, { actor: input.actor, orgId: input.orgId, action: "payment_method.default_requested", target: pm.id, before: { isDefault: pm.isDefault }, after: { isDefault: true } });
  await syncStripeCustomer(pm.customerId, { actor: input.actor });
  const overdue = await payOverdueInvoice({ orgId: input.orgId, paymentMethodId: pm.id, actor: input.actor });
  return { methods: await listPaymentMethods(input.orgId), overdue };
}

/**
 * Remove a card — never the last one while a paid subscription is active. Removing the default card
 * makes the newest remaining card the default, and says which (`newDefault`).
 */
export async function detachPaymentMethod(input: { orgId: string; paymentMethodId: string; actor: Actor }): Promise<{ methods: PaymentMethodView[]; newDefault: PaymentMethodView | null }> {
  const pm = await ownPaymentMethod(input.orgId, input.paymentMethodId);
  const all = await listPaymentMethods(input.orgId);
  const sub = await currentSubscription(input.orgId);
  const paid = sub && Number(sub.amountCents) > 0 && ["active", "trialing", "past_due", "unpaid"].includes(sub.status) && !sub.cancelAtPeriodEnd;
  if (paid && all.length <= 1) {
    throw conflict("This is the only card on a paid subscription: add another card before removing it.", "last_payment_method");
  }
  await callStripe("paymentMethods.detach", (s, o) => s.paymentMethods.detach(pm.id, {}, o), { idempotencyKey: `detach:${pm.id}` });
  const newDefault = pm.isDefault ? (all.find((p) => p.id !== pm.id) ?? null) : null;
  if (newDefault) await setDefault(pm.customerId, newDefault.id);
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: "payment_method.detach_requested",
    target: pm.id,
    before: { last4: pm.last4, isDefault: pm.isDefault },
    after: { newDefault: newDefault?.id ?? null },
  });
  await syncStripeCustomer(pm.customerId, { actor: input.actor });
  return { methods: await listPaymentMethods(input.orgId), newDefault: newDefault ? { ...newDefault, isDefault: true } : null };
}

async function ownPaymentMethod(orgId: string, id: string): Promise<PaymentMethodRow> {
  const [pm] = await db.select().from(paymentMethods).where(and(eq(paymentMethods.id, id), eq(paymentMethods.orgId, orgId)));
  if (!pm) throw notFound("payment method");
  return pm;
}

/**
 * The default card for everything: the customer's invoice default and every live subscription's own
 * `default_payment_method` (Checkout sets that one, and it wins over the customer's default — without
 * this a renewal would still charge the old card).
 */
async function setDefault(customer: string, paymentMethodId: string) {
  await callStripe("customers.update", (s, o) => s.customers.update(customer, { invoice_settings: { default_payment_method: paymentMethodId } }, o));
  const live = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customer), inArray(subscriptions.status, CURRENT_STATUSES)));
  for (const sub of live) {
    // No fixed idempotency key: A → B → A must really set A again (setting the same value twice is harmless).
    await callStripe("subscriptions.update", (s, o) => s.subscriptions.update(sub.id, { default_payment_method: paymentMethodId }, o));
  }
}
