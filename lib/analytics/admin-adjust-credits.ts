import "server-only";
import { z } from "zod";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { grantCredits } from "@/lib/credits/grant-credits";

export const adminAdjustCreditsSchema = z.object({
  orgId: z.string().min(1).max(100),
  /** grant: promotional credits (positive); adjust: a signed correction (adjustment grant, or a deduction). */
  kind: z.enum(["grant", "adjust"]),
  amount: z.coerce
    .number()
    .int("amount must be a whole number of credits")
    .refine((v) => v !== 0, "amount must not be zero")
    .refine((v) => Math.abs(v) <= 100_000_000, "amount is too large"),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
  /** One per form submission, so a double-click grants once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type AdminAdjustCreditsInput = z.infer<typeof adminAdjustCreditsSchema>;

/**
 * An admin grants or corrects an organisation's credits, always with a reason. Positive amounts go
 * through grantCredits (audited there as credits.granted / credits.adjusted); a negative adjustment
 * spends through consumeCredits (never below zero) and writes its own credits.adjusted audit row.
 */
export async function adminAdjustCredits(input: AdminAdjustCreditsInput, actor: Actor) {
  const p = adminAdjustCreditsSchema.parse(input);
  if (p.kind === "grant" && p.amount < 0) throw new z.ZodError([{ code: "custom", path: ["amount"], message: "a grant must be positive; use adjust to deduct", input: p.amount }]);
  if (p.amount > 0) {
    const res = await grantCredits({
      orgId: p.orgId,
      source: p.kind === "grant" ? "promotional" : "adjustment",
      amount: p.amount,
      idempotencyKey: `admin:${p.idempotencyKey}`,
      actor,
      reason: p.reason,
    });
    return { balance: res.balance, duplicate: res.duplicate };
  }
  const res = await consumeCredits({
    orgId: p.orgId,
    amount: -p.amount,
    idempotencyKey: `admin:${p.idempotencyKey}`,
    metadata: { reason: p.reason, adjustment: true, actor },
  });
  if (!res.duplicate) {
    await record(db, {
      actor,
      orgId: p.orgId,
      action: "credits.adjusted",
      target: `credit_tx:${res.transaction_id}`,
      before: { balance: res.balance + res.consumed },
      after: { balance: res.balance, amount: p.amount, reason: p.reason },
    });
  }
  return { balance: res.balance, duplicate: res.duplicate };
}
