import "server-only";
import type Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { formatDate, formatMoney } from "@/lib/billing-ui/format";
import { now } from "@/lib/clock";
import { record, SYSTEM_ACTOR, type Actor } from "@/lib/events/record";
import { getPlan } from "./catalog";

/**
 * The billing notices whose truth depends on the state when they are sent (docs/BILLING.md §2, §8).
 * The trial_will_end webhook and the daily monitor both call notifyTrialEnding; a notice is only sent
 * while the mirror still shows the subscription trialing with its trial end ahead (a clock jump or a
 * late delivery can bring trial_will_end after the trial converted and was paid).
 */
export async function notifyTrialEnding(orgId: string, subscriptionId: string, actor: Actor = SYSTEM_ACTOR): Promise<boolean> {
  const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.orgId, orgId)));
  if (!sub || sub.status !== "trialing" || !sub.trialEnd || sub.trialEnd.getTime() <= now().getTime()) return false;
  const plan = getPlan(sub.planKey)?.name ?? sub.planKey;
  const then = sub.cancelAtPeriodEnd
    ? "Your subscription ends with it and you move to the Free plan."
    : `Your card on file will then be charged ${formatMoney(Number(sub.amountCents), sub.currency)}; make sure it is up to date to keep your plan.`;
  return record(db, {
    actor,
    orgId,
    target: sub.id,
    event: { type: "subscription.trial_will_end", data: { subscription_id: sub.id, plan: sub.planKey, trial_end: sub.trialEnd.toISOString() } },
    key: `trial_will_end:${sub.id}:${Math.floor(sub.trialEnd.getTime() / 1000)}`,
    notice: { kind: "trial_ending", title: "Your trial ends soon", body: `Your ${plan} trial ends on ${formatDate(sub.trialEnd)}. ${then}`, email: true },
  });
}

/**
 * `invoice.paid`, once per invoice; every paid invoice with an amount above $0 also gets a receipt, with
 * its link. Returns true when a receipt was sent.
 */
export async function notifyReceipt(orgId: string, invoice: Stripe.Invoice, actor: Actor = SYSTEM_ACTOR): Promise<boolean> {
  const paid = invoice.amount_paid ?? 0;
  if (invoice.status !== "paid") return false;
  const currency = invoice.currency ?? "usd";
  const amount = formatMoney(paid, currency);
  const link = invoice.hosted_invoice_url ? ` View or download it: ${invoice.hosted_invoice_url}` : "";
  const recorded = await record(db, {
    actor,
    orgId,
    target: invoice.id,
    event: {
      type: "invoice.paid",
      data: { invoice_id: invoice.id!, number: invoice.number ?? null, amount_paid_cents: paid, currency, hosted_invoice_url: invoice.hosted_invoice_url ?? null },
    },
    key: `receipt:${invoice.id}`,
    ...(paid > 0 ? { notice: { kind: "receipt", title: `Receipt: ${amount} paid`, body: `Thanks — invoice ${invoice.number ?? invoice.id} for ${amount} is paid.${link}`, email: true } } : {}),
  });
  return recorded && paid > 0;
}
