/**
 * docs/BILLING.md §4: which of a subscription's discounts (the mirror's `discount` list) takes money
 * off an invoice created at a given time, and how much. A percentage is taken off the whole subtotal,
 * rounded once to the cent; a fixed amount is capped at the subtotal; a subtotal of $0 or less uses no
 * discount. A `repeating` discount is in force until its end; `forever` always; a `once` discount only
 * on the first invoice with a positive amount (`onceUsedBefore`: an earlier invoice will take it).
 */
export type MirrorDiscount = { percentOff?: number | null; amountOffCents?: number | null; duration?: string | null; end?: string | null };

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
export function discountCentsAt(subtotalCents: number, rawDiscounts: unknown, at: Date, opts: { onceUsedBefore?: boolean } = {}): number {
  if (subtotalCents <= 0) return 0;
  let remaining = subtotalCents;
  for (const d of discountsOf(rawDiscounts)) {
    if (!isDiscountInForce(d, at, opts)) continue;
    if (d.percentOff) remaining -= Math.round((remaining * d.percentOff) / 100);
    else if (d.amountOffCents) remaining -= Math.min(remaining, d.amountOffCents);
  }
  return subtotalCents - remaining;
}
