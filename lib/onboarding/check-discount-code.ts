import "server-only";
import { catalog } from "@/lib/billing/catalog";
import { validateDiscount } from "@/lib/billing/validate-discount";
import { describeCoupon } from "./first-invoice-preview";

export type DiscountCodeCheck =
  | { ok: true; code: string; label: string; percentOff: number | null; amountOffCents: number | null }
  | { ok: false; code: string; reason: string };

/** The wizard's live check of a code for a plan: lib/billing's validateDiscount, phrased for the form. */
export async function checkDiscountCode(rawCode: string, planKey: string): Promise<DiscountCodeCheck> {
  const r = await validateDiscount({ code: rawCode, planKey });
  if (!r.valid) return { ok: false, code: r.code, reason: r.reason };
  const entry = catalog.coupons.find((c) => c.code === r.code);
  return { ok: true, code: r.code, label: entry ? describeCoupon(entry) : r.name, percentOff: r.percentOff, amountOffCents: r.amountOffCents };
}
