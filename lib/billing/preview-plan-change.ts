import "server-only";
import type Stripe from "stripe";
import { reportOverage } from "@/lib/usage/report-overage";
import type { Subscription } from "@/db/schema";
import { badRequest } from "@/lib/errors";
import { nowUnix } from "@/lib/clock";
import { callStripe } from "@/lib/stripe/call-stripe";
import { getCatalogIds } from "./catalog-ids";
import type { Interval } from "./catalog-schema";
import { requireCurrentSubscription } from "./org-billing";
import { discountAppliesToPlan, discountCentsAt } from "./discount-in-force";
import { addMonths } from "@/lib/usage/period";
import { planChangeKind, requirePaidPlan, type ChangeKind } from "./plan-change-kind";
import { isTrialStatus } from "./subscription-states";
import { itemsForPlanChange } from "./subscription-items";

export type PlanChangePreview = {
  kind: ChangeKind;
  from: { planKey: string; interval: string; amountCents: number };
  to: { planKey: string; interval: Interval; amountCents: number };
  /** Unix seconds the proration is computed at; pass it back to changePlan to charge exactly this. */
  prorationDate: number;
  /** Charged now (upgrades): prorated charge for the new plan minus the credit for unused time. */
  immediateChargeCents: number;
  /** Credit for the unused time on the current plan (positive number of cents). */
  creditCents: number;
  /** Prorated charge for the rest of the period on the new plan. */
  prorationChargeCents: number;
  /** The discount in force taken off what is charged now (positive cents; included in immediateChargeCents). */
  discountCents: number;
  /** The regular amount per period after the change, from its first renewal (`at`), less any discount still in force then. */
  then: { amountCents: number; discountCents: number; at: string };
  /** When the change takes effect (ISO): now for upgrades, the period end for downgrades. */
  effectiveAt: string;
  currency: string;
  lines: { description: string | null; amountCents: number; proration: boolean }[];
};

/**
 * What a plan change would cost, before confirming it. Upgrades: Stripe's own invoice preview with
 * `always_invoice` proration at a fixed proration date (so the confirmed charge matches to the cent).
 * Downgrades: nothing is charged now; the new price starts at the period end. planChangeKind decides
 * which (during a trial every change applies now, with nothing charged).
 */
export async function previewPlanChange(input: { orgId: string; planKey: string; interval: Interval; at?: number }): Promise<PlanChangePreview> {
  const sub = await requireCurrentSubscription(input.orgId);
  const { priceCents } = requirePaidPlan(input.planKey, input.interval);
  const kind = planChangeKind(sub, input);
  if (kind === "none") throw badRequest("The subscription is already on this plan and interval.", undefined, "no_change");
  const prorationDate = input.at ?? nowUnix();
  const base = {
    kind,
    from: { planKey: sub.planKey, interval: sub.interval, amountCents: Number(sub.amountCents) },
    to: { planKey: input.planKey, interval: input.interval, amountCents: priceCents },
    prorationDate,
    currency: sub.currency,
  };
  // An interval change invoices the cut period now, its overage included: send the unsent usage to the
  // meter first so the preview shows what the change will charge (changePlan does the same).
  if (input.interval !== sub.interval && sub.status !== "trialing" && kind !== "downgrade") await reportOverage({ orgId: input.orgId });
  if (kind === "downgrade") {
    const then = thenAmount(sub, input.planKey, priceCents, sub.currentPeriodEnd, false);
    return { ...base, immediateChargeCents: 0, creditCents: 0, prorationChargeCents: 0, discountCents: 0, then, effectiveAt: sub.currentPeriodEnd.toISOString(), lines: [] };
  }
  const invoice = await previewInvoice(sub, input.planKey, input.interval, prorationDate);
  const lines = (invoice.lines?.data ?? []).map((l) => {
    const parent = (l as unknown as { parent?: { subscription_item_details?: { proration?: boolean }; invoice_item_details?: { proration?: boolean } } }).parent;
    const proration = Boolean(parent?.subscription_item_details?.proration ?? parent?.invoice_item_details?.proration);
    return { description: l.description ?? null, amountCents: l.amount, proration };
  });
  // Same interval: only the proration lines are invoiced now (the preview also shows the next period).
  // An interval change starts a new billing period at once: everything on the preview is invoiced now.
  const intervalChange = sub.interval !== input.interval;
  // During a trial nothing is charged: the trial continues on the new plan (docs/BILLING.md §2).
  const charged = isTrialStatus(sub.status) ? [] : intervalChange ? lines : lines.filter((l) => l.proration);
  // (summed as a positive number: negating a sum of nothing gave −0, shown as "−$0.00")
  const creditCents = charged.filter((l) => l.amountCents < 0).reduce((a, l) => a - l.amountCents, 0);
  const prorationChargeCents = charged.filter((l) => l.amountCents > 0).reduce((a, l) => a + l.amountCents, 0);
  // The proration lines are what is invoiced now (a preview may also show the next period's line); the
  // discount in force comes off that invoice's subtotal (docs/BILLING.md §4).
  const subtotal = prorationChargeCents - creditCents;
  const at = new Date(prorationDate * 1000);
  const discountCents = discountCentsAt(subtotal, sub.discount, at);
  const immediateChargeCents = Math.max(0, subtotal - discountCents);
  // The first renewal after the change: the period end (trial end while trialing), or one new interval
  // from now when the interval changes (a new period starts at once).
  const renewal = intervalChange && !isTrialStatus(sub.status) ? addMonths(at, input.interval === "year" ? 12 : 1) : (isTrialStatus(sub.status) && sub.trialEnd ? sub.trialEnd : sub.currentPeriodEnd);
  return {
    ...base,
    immediateChargeCents,
    creditCents,
    prorationChargeCents,
    discountCents,
    then: thenAmount(sub, input.planKey, priceCents, renewal, immediateChargeCents > 0),
    effectiveAt: new Date(prorationDate * 1000).toISOString(),
    lines,
  };
}

/** The new price at its first renewal, less the discounts still in force then (a `once` code is used up by a charge now). */
function thenAmount(sub: Subscription, planKey: string, priceCents: number, renewal: Date, chargedNow: boolean) {
  // a code limited to other plans (PRO50 when moving to Enterprise) takes nothing off the new plan
  const discountCents = discountCentsAt(priceCents, sub.discount, renewal, { onceUsedBefore: chargedNow, baseFor: (d) => (discountAppliesToPlan(d, planKey) ? priceCents : 0) });
  return { amountCents: priceCents - discountCents, discountCents, at: renewal.toISOString() };
}

async function previewInvoice(sub: Subscription, planKey: string, interval: Interval, prorationDate: number): Promise<Stripe.Invoice> {
  const ids = await getCatalogIds();
  const itemId = mainItemId(sub);
  const items = itemsForPlanChange(ids, (sub.items ?? []) as { id: string; priceId: string | null }[], itemId, sub.quantity, planKey, interval);
  return callStripe("invoices.createPreview", (s, o) =>
    s.invoices.createPreview(
      {
        customer: sub.customerId,
        subscription: sub.id,
        subscription_details: { items, proration_behavior: "always_invoice", proration_date: prorationDate },
      },
      o,
    ),
  );
}

/** The subscription item carrying the plan price (the mirror keeps the items). */
export function mainItemId(sub: Subscription): string {
  const items = (sub.items ?? []) as { id: string; priceId: string | null }[];
  const main = items.find((i) => i.priceId === sub.priceId) ?? items[0];
  if (!main) throw badRequest("The subscription has no items to change.", undefined, "no_items");
  return main.id;
}
