import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/audit/write-audit";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { attachPaymentMethod } from "@/lib/billing/payment-methods";
import { badRequest } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { isSandbox } from "@/lib/stripe/client";

/**
 * The dashboard's "add card" in sandbox mode: turn a test card number into a PaymentMethod (the
 * sandbox's card form) and attach it through lib/billing. A declined card throws `card_declined`.
 */
export async function addSandboxCard(input: {
  orgId: string;
  card: { number: string; expMonth: number; expYear: number; cvc: string };
  makeDefault: boolean;
  attemptId: string;
  actor: Actor;
}) {
  if (!isSandbox()) throw badRequest("Card numbers are only accepted by the offline sandbox; use the secure card form.", undefined, "sandbox_only");
  await ensureStripeCustomer(input.orgId, input.actor);
  const number = input.card.number.replace(/[\s-]/g, "");
  const fp = createHash("sha256").update(`${number}|${input.card.expMonth}|${input.card.expYear}`).digest("hex");
  const pm = await callStripe(
    "paymentMethods.create",
    (s, o) => s.paymentMethods.create({ type: "card", card: { number, exp_month: input.card.expMonth, exp_year: input.card.expYear, cvc: input.card.cvc }, metadata: { org_id: input.orgId } }, o),
    { idempotencyKey: `${input.orgId}:${input.attemptId}:${fp}` },
  );
  return attachPaymentMethod({ orgId: input.orgId, paymentMethodId: pm.id, makeDefault: input.makeDefault, actor: input.actor });
}
