/**
 * docs/BILLING.md §4: which of a subscription's discounts (the mirror's `discount` list) takes money
 * off an invoice created at a given time, and how much. A percentage is taken off the whole subtotal,
 * rounded once to the cent; a fixed amount is capped at the subtotal; a subtotal of $0 or less uses no
 * discount. A `repeating` discount is in force until its end; `forever` always; a `once` discount only
 * on the first invoice with a positive amount (`onceUsedBefore`: an earlier invoice will take it).
 * A code limited to some plans (PRO50: Pro only; Stripe's `applies_to.products`) takes money off only
 * the lines of those plans (`baseFor`).
 */
import { catalog } from "./catalog";

export type MirrorDiscount = { coupon?: string | null; code?: string | null; percentOff?: number | null; amountOffCents?: number | null; duration?: string | null; end?: string | null };

/** The catalog's discount code behind a mirrored discount (the coupon's metadata, else its id `CODE_fingerprint`). */
function codeOf(d: MirrorDiscount): string | null {
  return d.code ?? (d.coupon ? d.coupon.split("_")[0]! : null);
}

/** Does the discount take money off a line of this plan? (Codes without a plan list apply to every plan.) */
export function discountAppliesToPlan(d: MirrorDiscount, planKey: string): boolean {
  const plans = catalog.coupons.find((c) => c.code === codeOf(d))?.appliesToPlans ?? [];
  return plans.length === 0 || plans.includes(planKey);
}

export function discountsOf(raw: unknown): MirrorDiscount[] {
  const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : [];
  return list.filter((d): d is MirrorDiscount => Boolean(d) && typeof d === "object");
}

export function isDiscountInForce(d: MirrorDiscount, at: Date, opts: { onceUsedBefore?: boolean } = {}): boolean {
  if (d.duration === "once") return !opts.onceUsedBefore;
  if (d.end) return Date.parse(d.end) > at.getTime();
  return true;
}

/** The discount (positive cents) the subscription's discounts take off an invoice of `subtotalCents` created at `at`. */
export function discountCentsAt(
  subtotalCents: number,
  rawDiscounts: unknown,
  at: Date,
  opts: { onceUsedBefore?: boolean; baseFor?: (d: MirrorDiscount) => number } = {},
): number {
  if (subtotalCents <= 0) return 0;
  let remaining = subtotalCents;
  for (const d of discountsOf(rawDiscounts)) {
    if (!isDiscountInForce(d, at, opts)) continue;
    const base = Math.min(remaining, opts.baseFor ? opts.baseFor(d) : remaining);
    if (base <= 0) continue;
    if (d.percentOff) remaining -= Math.round((base * d.percentOff) / 100);
    else if (d.amountOffCents) remaining -= Math.min(base, d.amountOffCents);
  }
  return subtotalCents - remaining;
}
