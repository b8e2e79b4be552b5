import "server-only";
import type Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { notifyReceipt } from "@/lib/billing/billing-notices";
import { getPlan } from "@/lib/billing/catalog";
import { invoiceSubscriptionId } from "@/lib/billing/stripe-mirror-map";
import { now } from "@/lib/clock";
import { grantCredits } from "@/lib/credits/grant-credits";
import { record } from "@/lib/events/record";
import { eventCustomerId } from "../event-customer";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `invoice.paid`: re-sync (a past_due subscription becomes active: the plan is restored at once), then
 * grant the plan's included credits for the subscription's current period once (`sub:<id>:<period
 * start>`), expiring at the period end, and tell an organisation whose invoice had failed that it is restored
 * (once per invoice).
 */
export const onInvoicePaid: WebhookHandler = async (event, ctx) => {
  const invoice = event.data.object as Stripe.Invoice;
  const subId = invoiceSubscriptionId(invoice);
  const customerId = eventCustomerId(event);
  const [before] = subId ? await db.select({ status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.id, subId)) : [];
  const synced = await syncCustomerOfEvent(event, ctx, customerId);
  if (!synced?.orgId) return noteFor(synced);
  const receipt = await notifyReceipt(synced.orgId, invoice, ctx.actor);
  if (!subId) return receipt ? { note: "receipt sent" } : noteFor(synced);
  const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, subId), eq(subscriptions.orgId, synced.orgId)));
  if (!sub) return { note: `subscription ${subId} not in the mirror` };
  const notes: string[] = receipt ? ["receipt sent"] : [];
  // Recovered: this invoice failed before it was paid (its own attempt count says so, whatever order the
  // events arrive in or whoever synced the mirror first), or the mirror still showed the subscription unpaid.
  const failedBefore = (invoice.attempt_count ?? 0) > 1 || before?.status === "past_due" || before?.status === "unpaid";
  if (failedBefore && (sub.status === "active" || sub.status === "trialing")) {
    await record(db, {
      actor: ctx.actor,
      orgId: synced.orgId,
      target: invoice.id,
      event: { type: "payment.recovered", data: { invoice_id: invoice.id!, number: invoice.number ?? null, subscription_id: sub.id, plan: sub.planKey } },
      key: `restored:${invoice.id}`,
      notice: {
        kind: "payment_recovered",
        title: "Payment received — your plan is restored",
        body: `Thanks: invoice ${invoice.number ?? invoice.id} is paid and your ${getPlan(sub.planKey)?.name ?? sub.planKey} plan is fully available again.`,
        email: true,
      },
    });
    notes.push("restored");
  }
  const plan = getPlan(sub.planKey);
  const live = sub.status === "active" || sub.status === "trialing";
  if (plan && plan.includedCredits > 0 && live && sub.currentPeriodEnd > now()) {
    // Once per period. A period is keyed by its start; a period that starts in the same second as the one
    // before it (monthly → yearly right after subscribing) is told apart by its end.
    const start = Math.floor(sub.currentPeriodStart.getTime() / 1000);
    const grant = (idempotencyKey: string) =>
      grantCredits({
        orgId: synced.orgId!,
        source: "subscription",
        amount: plan.includedCredits,
        expiresAt: sub.currentPeriodEnd,
        idempotencyKey,
        actor: ctx.actor,
        reason: `${plan.name} credits for the period from ${sub.currentPeriodStart.toISOString().slice(0, 10)}`,
      });
    let res = await grant(`sub:${sub.id}:${start}`);
    if (res.duplicate && res.grant.expiresAt?.getTime() !== sub.currentPeriodEnd.getTime()) {
      res = await grant(`sub:${sub.id}:${start}:${Math.floor(sub.currentPeriodEnd.getTime() / 1000)}`);
    }
    notes.push(res.duplicate ? "period credits already granted" : `granted ${plan.includedCredits} period credits`);
  }
  return notes.length ? { note: notes.join("; ") } : {};
};
