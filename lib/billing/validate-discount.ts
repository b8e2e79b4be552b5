import "server-only";
import type Stripe from "stripe";
import { nowUnix } from "@/lib/clock";
import { isStripeUnavailable, callStripe } from "@/lib/stripe/call-stripe";
import { catalog, getPlan } from "./catalog";
import { getCatalogIds } from "./catalog-ids";

export type DiscountCheck =
  | {
      valid: true;
      code: string;
      promotionCodeId: string | null;
      couponId: string | null;
      name: string;
      percentOff: number | null;
      amountOffCents: number | null;
      duration: string;
      durationInMonths: number | null;
    }
  | { valid: false; code: string; reason: string };

/**
 * Is a discount code usable for a plan? Checks, in order: it exists, is active, has not expired, has
 * redemptions left, and applies to the plan — and says which failed. Stripe's promotion code (and its
 * coupon) is the truth for activity, expiry and redemptions; the catalog says which plans it covers.
 */
export async function validateDiscount(input: { code: string; planKey?: string }): Promise<DiscountCheck> {
  const code = input.code.trim().toUpperCase();
  const no = (reason: string): DiscountCheck => ({ valid: false, code, reason });
  if (!/^[A-Z0-9]{3,20}$/.test(code)) return no("No such discount code.");
  const entry = catalog.coupons.find((c) => c.code === code);
  const ids = await getCatalogIds().catch(() => null);
  let promo: Stripe.PromotionCode | null = null;
  try {
    const list = await callStripe("promotionCodes.list", (s, o) => s.promotionCodes.list({ code, limit: 1, expand: ["data.promotion.coupon"] }, o));
    promo = list.data[0] ?? null;
  } catch (err) {
    if (isStripeUnavailable(err)) throw err;
    promo = null; // not found / not supported: fall back to the coupon itself
  }
  if (!promo && !entry) return no("No such discount code.");
  let coupon: Stripe.Coupon | null = null;
  const promoCoupon = promo?.promotion?.coupon ?? null;
  if (promoCoupon && typeof promoCoupon === "object") coupon = promoCoupon;
  else {
    const couponId = (typeof promoCoupon === "string" ? promoCoupon : null) ?? ids?.couponId(code) ?? null;
    if (couponId) {
      coupon = await callStripe("coupons.retrieve", (s, o) => s.coupons.retrieve(couponId, {}, o)).catch((err) => {
        if (isStripeUnavailable(err)) throw err;
        return null;
      });
    }
  }
  const t = nowUnix();
  if (promo && !promo.active) return no("This discount code is no longer active.");
  if (promo?.expires_at && promo.expires_at < t) return no("This discount code has expired.");
  if (coupon?.redeem_by && coupon.redeem_by < t) return no("This discount code has expired.");
  if (promo?.max_redemptions != null && promo.times_redeemed >= promo.max_redemptions) return no("This discount code has reached its redemption limit.");
  if (coupon?.max_redemptions != null && coupon.times_redeemed >= coupon.max_redemptions) return no("This discount code has reached its redemption limit.");
  if (coupon && coupon.valid === false) return no("This discount code is no longer valid.");
  if (!coupon && !entry) return no("No such discount code.");
  if (input.planKey) {
    const plan = getPlan(input.planKey);
    if (!plan) return no(`Unknown plan "${input.planKey}".`);
    if (plan.prices.monthly === 0) return no("Discount codes apply to paid plans only.");
    if (entry && entry.appliesToPlans.length > 0 && !entry.appliesToPlans.includes(plan.key)) {
      const names = entry.appliesToPlans.map((k) => getPlan(k)?.name ?? k).join(", ");
      return no(`This discount code applies only to the ${names} plan${entry.appliesToPlans.length > 1 ? "s" : ""}.`);
    }
    const products = coupon?.applies_to?.products;
    const productId = ids?.byKey.get(`product:${plan.key}`);
    if (products && products.length > 0 && productId && !products.includes(productId)) return no(`This discount code does not apply to the ${plan.name} plan.`);
  }
  return {
    valid: true,
    code,
    promotionCodeId: promo?.id ?? ids?.promotionCodeId(code) ?? null,
    couponId: coupon?.id ?? ids?.couponId(code) ?? null,
    name: coupon?.name ?? entry?.name ?? code,
    percentOff: coupon?.percent_off ?? entry?.percentOff ?? null,
    amountOffCents: coupon?.amount_off ?? entry?.amountOffCents ?? null,
    duration: coupon?.duration ?? entry?.duration ?? "once",
    durationInMonths: coupon?.duration_in_months ?? entry?.durationInMonths ?? null,
  };
}
