import "server-only";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { db } from "@/db";
import { record } from "@/lib/events/record";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `invoice.payment_failed`: re-sync (the subscription turns past_due; the grace period counts from
 * then) and tell the organisation once per attempt.
 */
export const onInvoicePaymentFailed: WebhookHandler = async (event, ctx) => {
  const invoice = event.data.object as Stripe.Invoice;
  const synced = await syncCustomerOfEvent(event, ctx);
  if (!synced?.orgId) return noteFor(synced);
  const amount = `${(invoice.amount_due / 100).toFixed(2)} ${(invoice.currency ?? "usd").toUpperCase()}`;
  await record(db, {
    actor: ctx.actor,
    orgId: synced.orgId,
    target: invoice.id,
    event: {
      type: "invoice.payment_failed",
      data: { invoice_id: invoice.id!, number: invoice.number ?? null, amount_due_cents: invoice.amount_due, currency: invoice.currency ?? "usd", attempt_count: invoice.attempt_count ?? 0 },
    },
    key: `payment_failed:${invoice.id}:${invoice.attempt_count ?? 0}`,
    notice: {
      kind: "payment_failed",
      title: "Payment failed",
      body: `We could not charge ${amount} for invoice ${invoice.number ?? invoice.id}. Update your payment method within ${env.GRACE_PERIOD_DAYS} days to keep your plan.`,
      email: true,
    },
  });
  return {};
};
