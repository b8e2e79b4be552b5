import "server-only";
import type Stripe from "stripe";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { subscriptions } from "@/db/schema";
import { formatDate, formatMoney } from "@/lib/billing-ui/format";
import { now } from "@/lib/clock";
import { notify } from "@/lib/notifications/notify";
import { getPlan } from "./catalog";

/**
 * The billing notices whose truth depends on the state when they are sent (docs/BILLING.md §2, §8).
 * The trial_will_end webhook and the daily monitor both call notifyTrialEnding; a notice is only sent
 * while the mirror still shows the subscription trialing with its trial end ahead (a clock jump or a
 * late delivery can bring trial_will_end after the trial converted and was paid).
 */
export async function notifyTrialEnding(orgId: string, subscriptionId: string): Promise<boolean> {
  const [sub] = await db.select().from(subscriptions).where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.orgId, orgId)));
  if (!sub || sub.status !== "trialing" || !sub.trialEnd || sub.trialEnd.getTime() <= now().getTime()) return false;
  const plan = getPlan(sub.planKey)?.name ?? sub.planKey;
  const then = sub.cancelAtPeriodEnd
    ? "Your subscription ends with it and you move to the Free plan."
    : `Your card on file will then be charged ${formatMoney(Number(sub.amountCents), sub.currency)}; make sure it is up to date to keep your plan.`;
  return notify({
    orgId,
    kind: "trial_ending",
    title: "Your trial ends soon",
    body: `Your ${plan} trial ends on ${formatDate(sub.trialEnd)}. ${then}`,
    dedupeKey: `trial_will_end:${sub.id}:${Math.floor(sub.trialEnd.getTime() / 1000)}`,
    email: true,
  });
}

/** Every paid invoice with an amount above $0 gets a receipt (once per invoice), with its link. */
export async function notifyReceipt(orgId: string, invoice: Stripe.Invoice): Promise<boolean> {
  const paid = invoice.amount_paid ?? 0;
  if (invoice.status !== "paid" || paid <= 0) return false;
  const amount = formatMoney(paid, invoice.currency ?? "usd");
  const link = invoice.hosted_invoice_url ? ` View or download it: ${invoice.hosted_invoice_url}` : "";
  return notify({
    orgId,
    kind: "receipt",
    title: `Receipt: ${amount} paid`,
    body: `Thanks — invoice ${invoice.number ?? invoice.id} for ${amount} is paid.${link}`,
    dedupeKey: `receipt:${invoice.id}`,
    email: true,
  });
}
