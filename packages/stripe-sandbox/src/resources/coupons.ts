import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam, resourceMissing } from "../errors";
import { bool, int, mergeMetadata, num, obj, oneOf, reqStr, str } from "../params";
import { previousAttributes, type Session } from "../session";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { deleteObject, findObject, getObject, insertObject, queryObjects, saveObject } from "../store";
import { listResponse } from "./common";

function couponValid(c: StripeObj): boolean {
  if (c.max_redemptions !== null && (c.times_redeemed as number) >= (c.max_redemptions as number)) return false;
  if (c.redeem_by !== null && (c.redeem_by as number) < nowUnix()) return false;
  return true;
}

/** A coupon as the API returns it (`valid` computed now). */
export function presentCoupon(c: StripeObj): StripeObj {
  return { ...c, valid: couponValid(c) };
}

async function createCoupon(ctx: Ctx) {
  const p = ctx.params;
  const id = str(p, "id") || stripeId("x").slice(2, 10);
  if (await findObject(ctx.tx, id, "coupon")) throw invalidRequest("Coupon already exists.", "id", "resource_already_exists");
  const percent = num(p, "percent_off");
  const amount = int(p, "amount_off", { min: 1 });
  if ((percent === undefined) === (amount === undefined)) throw invalidRequest("Exactly one of percent_off or amount_off is required.", "percent_off");
  if (percent !== undefined && (percent <= 0 || percent > 100)) throw invalidRequest("percent_off must be between 0 and 100.", "percent_off");
  const currency = str(p, "currency")?.toLowerCase();
  if (amount !== undefined && !currency) throw missingParam("currency");
  const duration = oneOf(p, "duration", ["once", "repeating", "forever"] as const) ?? "once";
  const months = int(p, "duration_in_months", { min: 1 });
  if (duration === "repeating" && months === undefined) throw missingParam("duration_in_months");
  const appliesTo = obj(p, "applies_to");
  const coupon = build("coupon", {
    id,
    object: "coupon",
    created: nowUnix(),
    amount_off: amount ?? null,
    percent_off: percent ?? null,
    currency: amount !== undefined ? currency : null,
    duration,
    duration_in_months: duration === "repeating" ? months : null,
    max_redemptions: int(p, "max_redemptions", { min: 1 }) ?? null,
    redeem_by: int(p, "redeem_by") ?? null,
    name: str(p, "name") || null,
    metadata: mergeMetadata({}, p),
    times_redeemed: 0,
    valid: true,
    ...(appliesTo ? { applies_to: { products: appliesTo.products ?? [] } } : {}),
  });
  await insertObject(ctx.tx, coupon);
  await ctx.emit("coupon.created", coupon);
  return presentCoupon(coupon);
}

async function updateCoupon(ctx: Ctx) {
  const c = await getObject(ctx.tx, ctx.pathParams.id, "coupon");
  const before = structuredClone(c);
  const name = str(ctx.params, "name");
  if (name !== undefined) c.name = name || null;
  c.metadata = mergeMetadata(c.metadata as Record<string, string>, ctx.params);
  const prev = previousAttributes(before, c);
  if (prev) {
    await saveObject(ctx.tx, c);
    await ctx.emit("coupon.updated", c, prev);
  }
  return presentCoupon(c);
}

async function deleteCoupon(ctx: Ctx) {
  const c = await getObject(ctx.tx, ctx.pathParams.id, "coupon");
  await deleteObject(ctx.tx, c.id);
  await ctx.emit("coupon.deleted", c);
  return { id: c.id, object: "coupon", deleted: true };
}

/** This API version has no promotion_code.coupon: the coupon is `promotion.coupon` (an id; expandable). */
function presentPromo(pc: StripeObj, _coupon: StripeObj | null): StripeObj {
  const { coupon: _legacy, ...rest } = pc;
  return rest as StripeObj;
}

async function createPromo(ctx: Ctx) {
  const p = ctx.params;
  const promotion = obj(p, "promotion");
  const couponId = (promotion && str(promotion, "coupon")) || str(p, "coupon");
  if (!couponId) throw missingParam("promotion[coupon]");
  const coupon = await getObject(ctx.tx, couponId, "coupon", "promotion[coupon]");
  const code = str(p, "code") || stripeId("x").slice(2, 10).toUpperCase();
  const clash = await queryObjects(ctx.tx, "promotion_code", { where: (o) => o.active === true && String(o.code).toLowerCase() === code.toLowerCase() });
  if (clash.length) throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, "code", "resource_already_exists");
  const r = obj(p, "restrictions") ?? {};
  const pc = build("promotion_code", {
    id: stripeId("promo"),
    object: "promotion_code",
    created: nowUnix(),
    active: bool(p, "active") ?? true,
    code,
    customer: str(p, "customer") || null,
    expires_at: int(p, "expires_at") ?? null,
    max_redemptions: int(p, "max_redemptions", { min: 1 }) ?? null,
    metadata: mergeMetadata({}, p),
    times_redeemed: 0,
    promotion: { coupon: coupon.id, type: "coupon" },
    restrictions: {
      first_time_transaction: bool(r, "first_time_transaction") ?? false,
      minimum_amount: int(r, "minimum_amount", { min: 0 }) ?? null,
      minimum_amount_currency: str(r, "minimum_amount_currency") ?? null,
    },
  });
  await insertObject(ctx.tx, pc);
  await ctx.emit("promotion_code.created", presentPromo(pc, coupon));
  return presentPromo(pc, coupon);
}

async function updatePromo(ctx: Ctx) {
  const pc = await getObject(ctx.tx, ctx.pathParams.id, "promotion_code");
  const before = structuredClone(pc);
  const active = bool(ctx.params, "active");
  if (active !== undefined) pc.active = active;
  pc.metadata = mergeMetadata(pc.metadata as Record<string, string>, ctx.params);
  const prev = previousAttributes(before, pc);
  const coupon = await findObject(ctx.tx, (pc.promotion as { coupon: string }).coupon, "coupon");
  if (prev) {
    await saveObject(ctx.tx, pc);
    await ctx.emit("promotion_code.updated", presentPromo(pc, coupon), prev);
  }
  return presentPromo(pc, coupon);
}

async function retrievePromo(ctx: Ctx) {
  const pc = await getObject(ctx.tx, ctx.pathParams.id, "promotion_code");
  return presentPromo(pc, await findObject(ctx.tx, (pc.promotion as { coupon: string }).coupon, "coupon"));
}

async function listPromos(ctx: Ctx) {
  const p = ctx.params;
  const code = str(p, "code");
  const active = bool(p, "active");
  const coupon = str(p, "coupon");
  const customer = str(p, "customer");
  const page = await listResponse(ctx, "promotion_code", {
    where: (o) =>
      (!code || String(o.code).toLowerCase() === code.toLowerCase()) &&
      (active === undefined || o.active === active) &&
      (!coupon || (o.promotion as { coupon: string }).coupon === coupon) &&
      (!customer || o.customer === customer),
  });
  const data = [];
  for (const pc of page.data) data.push(presentPromo(pc, await findObject(ctx.tx, (pc.promotion as { coupon: string }).coupon, "coupon")));
  return { ...page, data };
}

/**
 * Resolve a discount request (coupon id or promotion code id) into a coupon, checking that it can
 * be redeemed now by this customer for this amount. Does not count the redemption (see redeem).
 */
export async function resolveDiscount(
  s: Session,
  input: { coupon?: string; promotion_code?: string },
  ctx: { customer: string | null; amount?: number; param: string },
): Promise<{ coupon: StripeObj; promotionCode: StripeObj | null }> {
  if (input.promotion_code) {
    const pc = await findObject(s.tx, input.promotion_code, "promotion_code");
    if (!pc) throw resourceMissing("promotion code", input.promotion_code, ctx.param);
    const coupon = await getObject(s.tx, (pc.promotion as { coupon: string }).coupon, "coupon", ctx.param);
    let why = promoProblem(pc, coupon, ctx);
    if (!why && (pc.restrictions as { first_time_transaction: boolean }).first_time_transaction && ctx.customer) {
      const paid = await queryObjects(s.tx, "invoice", { customer: ctx.customer, where: (o) => (o.amount_paid as number) > 0 });
      if (paid.length) why = "This promotion code is only for first-time customers.";
    }
    if (why) throw invalidRequest(why, ctx.param, "promotion_code_invalid");
    return { coupon, promotionCode: pc };
  }
  const coupon = await findObject(s.tx, reqStr(input as Record<string, string>, "coupon"), "coupon");
  if (!coupon) throw resourceMissing("coupon", String(input.coupon), ctx.param);
  if (!couponValid(coupon)) throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, ctx.param, "coupon_expired");
  return { coupon, promotionCode: null };
}

function promoProblem(pc: StripeObj, coupon: StripeObj, c: { customer: string | null; amount?: number }): string | null {
  if (!pc.active) return "This promotion code is not active.";
  if (pc.expires_at !== null && (pc.expires_at as number) < nowUnix()) return "This promotion code has expired.";
  if (pc.max_redemptions !== null && (pc.times_redeemed as number) >= (pc.max_redemptions as number)) return "This promotion code has been fully redeemed.";
  if (pc.customer && pc.customer !== c.customer) return "This promotion code cannot be redeemed by this customer.";
  const r = pc.restrictions as { minimum_amount: number | null };
  if (r.minimum_amount !== null && c.amount !== undefined && c.amount < r.minimum_amount) return "This promotion code requires a larger minimum amount.";
  if (!couponValid(coupon)) return "The coupon behind this promotion code is no longer valid.";
  return null;
}

export async function redeemDiscount(s: Session, coupon: StripeObj, pc: StripeObj | null) {
  coupon.times_redeemed = (coupon.times_redeemed as number) + 1;
  await saveObject(s.tx, coupon);
  if (pc) {
    pc.times_redeemed = (pc.times_redeemed as number) + 1;
    await saveObject(s.tx, pc);
  }
}

export const couponRoutes: RouteDef[] = [
  ["POST", "/v1/coupons", createCoupon],
  ["GET", "/v1/coupons", async (ctx) => {
    const page = await listResponse(ctx, "coupon");
    return { ...page, data: page.data.map(presentCoupon) };
  }],
  ["GET", "/v1/coupons/:id", async (ctx) => presentCoupon(await getObject(ctx.tx, ctx.pathParams.id, "coupon"))],
  ["POST", "/v1/coupons/:id", updateCoupon],
  ["DELETE", "/v1/coupons/:id", deleteCoupon],
  ["POST", "/v1/promotion_codes", createPromo],
  ["GET", "/v1/promotion_codes", listPromos],
  ["GET", "/v1/promotion_codes/:id", retrievePromo],
  ["POST", "/v1/promotion_codes/:id", updatePromo],
];
