import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { creditGrants } from "@/db/schema";
import { confirmPackPurchase, packReceiptUrl } from "@/lib/billing/confirm-pack-purchase";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { sandbox } from "@/tests/sandbox";
import { lifecycleOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 item 8: after paying for credits the balance stayed old until a manual reload, and the $45
 * one-time payment had no receipt. The return page now grants the pack at once (the same grant the
 * webhook makes, keyed by the session: one grant whoever is first) and links the payment's receipt.
 * From the price table (docs/BILLING.md §7): 5,000 credits for $45.00.
 */
const actor = { type: "user" as const, id: "user_pack_buyer" };
let stopRouting: (() => void) | null = null;
afterAll(() => stopRouting?.());

describe("buying a credit pack", () => {
  it("the return page shows the new balance and the receipt before any webhook; the webhook then grants nothing twice", async () => {
    const { orgId } = await lifecycleOrg("Pack Buyer", actor);
    const { id } = await createPaymentCheckout({ orgId, packKey: "pack_5000", actor });
    expect((await (await sandbox()).views.checkout.complete(id, { card: { number: "4242424242424242" } })).ok).toBe(true);
    // No webhook delivered yet: the customer is back on /billing/credits?purchase=success&session_id=…
    const shown = await confirmPackPurchase({ orgId, sessionId: id, actor });
    expect(shown).toMatchObject({ paid: true, credits: 5_000, amountCents: 4_500, balance: 5_000 });
    expect(shown.receiptUrl).toMatch(/\/invoices\/pi_/);
    expect(await packReceiptUrl(orgId, id)).toBe(shown.receiptUrl);
    // The webhooks arrive afterwards: still one grant, the same balance.
    stopRouting = await routeWebhooksToApp();
    await settle(orgId);
    expect((await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId))).map((g) => [g.source, g.amount])).toEqual([["purchased", 5_000]]);
    expect((await getCreditBalance(orgId)).balance).toBe(5_000);
  });

  it("another organisation's session is refused", async () => {
    const a = await lifecycleOrg("Pack Owner", actor);
    const b = await lifecycleOrg("Pack Stranger", actor);
    const { id } = await createPaymentCheckout({ orgId: a.orgId, packKey: "pack_1000", actor });
    await expect(confirmPackPurchase({ orgId: b.orgId, sessionId: id, actor })).rejects.toMatchObject({ code: "wrong_organisation" });
    await expect(packReceiptUrl(b.orgId, id)).rejects.toMatchObject({ code: "wrong_organisation" });
  });
});
