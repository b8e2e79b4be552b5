import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { creditGrants } from "@/db/schema";
import { payPackWithSavedCard } from "@/lib/billing/confirm-pack-purchase";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { attachPaymentMethod, cardLabel, detachPaymentMethod } from "@/lib/billing/payment-methods";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import { attachCard, lifecycleOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 item 7: a saved card pays for credits without retyping it; the same card typed again is not
 * stored twice (same fingerprint); a card typed at checkout is kept only when the customer asks; and
 * removing the default card says which card became the default. 5,000 credits cost $45.00 (§7).
 */
const actor = { type: "user" as const, id: "user_saved_cards" };
let stopRouting: () => void;
beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

const newCard = (number: string) => getStripe().paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040, cvc: "123" } });
const cardsOf = async (customer: string) => (await getStripe().paymentMethods.list({ customer, type: "card" })).data;

describe("saved cards", () => {
  it("the same card typed again is not stored a second time", async () => {
    const { orgId, customerId } = await lifecycleOrg("Same Card", actor);
    const first = await attachCard(orgId, customerId, "4242424242424242", true);
    const again = await newCard("4242424242424242");
    const res = await attachPaymentMethod({ orgId, paymentMethodId: again.id, makeDefault: true, actor });
    expect(res.duplicateOf).toBe(first);
    expect((await cardsOf(customerId)).map((c) => c.id)).toEqual([first]);
    expect(res.methods.map((m) => [m.id, m.isDefault])).toEqual([[first, true]]);
  });

  it("a saved card pays for a pack at once: $45.00 charged, 5,000 credits, a receipt, granted once", async () => {
    const { orgId, customerId } = await lifecycleOrg("Saved Card Pack", actor);
    const card = await attachCard(orgId, customerId, "4242424242424242", true);
    const paid = await payPackWithSavedCard({ orgId, packKey: "pack_5000", paymentMethodId: card, actor, idempotencyKey: "buy-1" });
    expect(paid).toMatchObject({ credits: 5_000, amountCents: 4_500, balance: 5_000 });
    expect(paid.receiptUrl).toMatch(/\/invoices\/pi_/);
    expect((await getStripe().paymentIntents.retrieve(paid.paymentIntentId)).amount_received).toBe(4_500);
    await settle(orgId);
    expect((await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId))).map((g) => [g.source, g.amount])).toEqual([["purchased", 5_000]]);
    expect((await cardsOf(customerId)).length).toBe(1);
  });

  it("a card typed at checkout is kept only when the customer ticked 'save this card'", async () => {
    const { orgId, customerId } = await lifecycleOrg("Ask Before Saving", actor);
    const once = await createPaymentCheckout({ orgId, packKey: "pack_1000", actor });
    expect((await (await sandbox()).views.checkout.complete(once.id, { card: { number: "5555555555554444" } })).ok).toBe(true);
    await settle(orgId);
    expect(await cardsOf(customerId)).toEqual([]);
    const kept = await createPaymentCheckout({ orgId, packKey: "pack_1000", actor, saveCard: true });
    expect((await (await sandbox()).views.checkout.complete(kept.id, { card: { number: "5555555555554444" } })).ok).toBe(true);
    await settle(orgId);
    expect((await cardsOf(customerId)).map((c) => c.card?.last4)).toEqual(["4444"]);
  });

  it("removing the default card names the card that became the default", async () => {
    const { orgId, customerId } = await lifecycleOrg("New Default", actor);
    const visa = await attachCard(orgId, customerId, "4242424242424242", true);
    await attachCard(orgId, customerId, "5555555555554444", false);
    const res = await detachPaymentMethod({ orgId, paymentMethodId: visa, actor });
    expect(res.newDefault && cardLabel(res.newDefault)).toBe("Mastercard ending in 4444");
    expect(res.methods.map((m) => [m.last4, m.isDefault])).toEqual([["4444", true]]);
  });
});
