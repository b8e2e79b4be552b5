import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { invoices } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { AppError } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { currentSubscription } from "./org-billing";
import { syncStripeCustomer } from "./sync-stripe-customer";

export type OverdueOutcome =
  | { invoiceId: string; amountCents: number; currency: string; paid: true }
  | { invoiceId: string; amountCents: number; currency: string; paid: false; code: string; message: string };

/**
 * A customer who fixes their card while a renewal is overdue expects it to be paid now, not at
 * Stripe's next retry days later (the Customer Portal does the same). When the organisation's
 * subscription is past_due or unpaid and its latest invoice is open, pay that invoice with the given
 * card. A decline is returned, not thrown: the card change itself has already succeeded. Paying ends
 * with syncStripeCustomer, so the plan is restored at once (resolveOrgPlan follows the mirror).
 */
export async function payOverdueInvoice(input: { orgId: string; paymentMethodId: string; actor: Actor }): Promise<OverdueOutcome | null> {
  const sub = await currentSubscription(input.orgId);
  if (!sub || !["past_due", "unpaid"].includes(sub.status) || !sub.latestInvoiceId) return null;
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, sub.latestInvoiceId), eq(invoices.orgId, input.orgId), eq(invoices.status, "open")));
  if (!invoice) return null;
  const base = { invoiceId: invoice.id, amountCents: Number(invoice.amountDueCents), currency: invoice.currency };
  let outcome: OverdueOutcome;
  try {
    await callStripe("invoices.pay", (s, o) => s.invoices.pay(invoice.id, { payment_method: input.paymentMethodId }, o), {
      idempotencyKey: `pay-overdue:${invoice.id}:${input.paymentMethodId}:${sub.syncedAt.getTime()}`,
    });
    outcome = { ...base, paid: true };
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "card_declined") throw err;
    outcome = { ...base, paid: false, code: err.code, message: err.message };
  }
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: outcome.paid ? "invoice.overdue_paid" : "invoice.overdue_payment_declined",
    target: invoice.id,
    before: { status: invoice.status, amountDueCents: base.amountCents },
    after: { paid: outcome.paid, paymentMethodId: input.paymentMethodId },
  });
  await syncStripeCustomer(sub.customerId, { actor: input.actor });
  return outcome;
}
