import type { Coupon, Interval, Plan } from "@/lib/billing/catalog-schema";
import { formatMoney } from "@/lib/billing-ui/format";

export type DiscountCheck = { ok: true; coupon: Coupon } | { ok: false; reason: string };

/**
 * Instant check of a code against the catalog (exists, applies to the plan), for live feedback while
 * typing. Redemption limits and expiry are Stripe's to answer (lib/billing's validateDiscount).
 */
export function checkCodeInCatalog(coupons: readonly Coupon[], code: string, plan: Plan): DiscountCheck {
  const normalised = code.trim().toUpperCase();
  if (!normalised) return { ok: false, reason: "Enter a code." };
  const coupon = coupons.find((c) => c.code === normalised);
  if (!coupon) return { ok: false, reason: `“${normalised}” is not a valid code. Check the spelling.` };
  if (plan.prices.monthly === 0 && (plan.prices.yearly ?? 0) === 0) return { ok: false, reason: "Codes apply to paid plans only." };
  if (coupon.appliesToPlans.length && !coupon.appliesToPlans.includes(plan.key)) {
    return { ok: false, reason: `${normalised} does not apply to the ${plan.name} plan.` };
  }
  return { ok: true, coupon };
}

/** Discount on an amount, in cents (never more than the amount). */
export function discountCents(amount: number, coupon: Pick<Coupon, "percentOff" | "amountOffCents"> | null): number {
  if (!coupon) return 0;
  const off = coupon.percentOff ? Math.round((amount * coupon.percentOff) / 100) : (coupon.amountOffCents ?? 0);
  return Math.min(amount, off);
}

export function describeCoupon(coupon: Coupon): string {
  const off = coupon.percentOff ? `${coupon.percentOff}% off` : `${formatMoney(coupon.amountOffCents ?? 0)} off`;
  if (coupon.duration === "once") return `${off} the first invoice`;
  if (coupon.duration === "forever") return `${off} every invoice`;
  return `${off} for ${coupon.durationInMonths} month${coupon.durationInMonths === 1 ? "" : "s"}`;
}

export type FirstInvoicePreview = {
  planKey: string;
  interval: Interval;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  discountLabel: string | null;
  trialDays: number;
  trialEnd: string | null;
  /** Charged when confirming: 0 during a trial. */
  dueTodayCents: number;
  /** When the first payment is taken and how much it is. */
  firstChargeAt: string;
  firstChargeCents: number;
  /** The regular price after the discount ends. */
  renewalCents: number;
};

/** What the first invoice of a new subscription looks like (integer cents; times from `at`). */
export function firstInvoicePreview(plan: Plan, interval: Interval, coupon: Coupon | null, at: Date): FirstInvoicePreview {
  const subtotal = (interval === "month" ? plan.prices.monthly : plan.prices.yearly) ?? 0;
  const discount = discountCents(subtotal, coupon);
  const total = subtotal - discount;
  const trialEnd = plan.trialDays > 0 ? new Date(at.getTime() + plan.trialDays * 86_400_000) : null;
  return {
    planKey: plan.key,
    interval,
    subtotalCents: subtotal,
    discountCents: discount,
    totalCents: total,
    discountLabel: coupon ? `${coupon.code}: ${describeCoupon(coupon)}` : null,
    trialDays: plan.trialDays,
    trialEnd: trialEnd?.toISOString() ?? null,
    dueTodayCents: trialEnd ? 0 : total,
    firstChargeAt: (trialEnd ?? at).toISOString(),
    firstChargeCents: total,
    renewalCents: subtotal,
  };
}

/** 12 × monthly − yearly, and as a whole percentage of 12 × monthly. */
export function yearlySaving(plan: Plan): { cents: number; percent: number } | null {
  if (plan.prices.yearly === null || plan.prices.monthly === 0) return null;
  const cents = plan.prices.monthly * 12 - plan.prices.yearly;
  return { cents, percent: Math.round((cents / (plan.prices.monthly * 12)) * 100) };
}
