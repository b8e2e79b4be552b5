import { z } from "zod";

/** zod bodies of the billing API (app/api/v1/billing/**). */
const planKey = z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a plan key such as pro");
const interval = z.enum(["month", "year"], { message: "expected month or year" });
const url = z.string().max(2000).optional();

export const checkoutBody = z.object({ plan: planKey, interval: interval.default("month"), promotionCode: z.string().max(40).optional(), successUrl: url, cancelUrl: url }).strict();
export const portalBody = z.object({ returnUrl: url }).strict();
export const planChangeBody = z.object({ plan: planKey, interval, prorationDate: z.number().int().positive().optional() }).strict();
export const previewBody = z.object({ plan: planKey, interval }).strict();
export const cancelBody = z.object({ reason: z.string().max(500).optional() }).strict();
export const discountBody = z.object({ code: z.string().min(1).max(40), plan: planKey.optional() }).strict();
export const packCheckoutBody = z.object({ pack: z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a pack key such as pack_1000"), successUrl: url, cancelUrl: url, saveCard: z.boolean().optional() }).strict();
export const invoicesQuery = z.object({
  limit: z.coerce.number({ message: "expected a number" }).int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).optional(),
});
