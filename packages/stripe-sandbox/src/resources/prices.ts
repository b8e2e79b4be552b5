import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam } from "../errors";
import type { FormObject } from "../form";
import { arr, bool, int, mergeMetadata, obj, oneOf, str } from "../params";
import { previousAttributes, type Session } from "../session";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, queryObjects, saveObject } from "../store";
import { listResponse, searchResponse } from "./common";

export type Tier = { up_to: number | null; unit_amount: number | null; unit_amount_decimal: string | null; flat_amount: number | null; flat_amount_decimal: string | null };

function parseTiers(p: FormObject): Tier[] | undefined {
  const raw = arr(p, "tiers");
  if (!raw) return undefined;
  const tiers = raw.map((t, i) => {
    if (typeof t !== "object" || Array.isArray(t)) throw invalidRequest("Invalid tier", `tiers[${i}]`);
    const upRaw = t.up_to;
    if (upRaw === undefined) throw missingParam(`tiers[${i}][up_to]`);
    const up_to = upRaw === "inf" ? null : int(t, "up_to", { min: 1 });
    const dec = str(t, "unit_amount_decimal");
    const unit = int(t, "unit_amount", { min: 0 });
    const flat = int(t, "flat_amount", { min: 0 });
    return {
      up_to: up_to ?? null,
      unit_amount: unit ?? (dec !== undefined && Number.isInteger(Number(dec)) ? Number(dec) : null),
      unit_amount_decimal: dec ?? (unit !== undefined ? String(unit) : null),
      flat_amount: flat ?? null,
      flat_amount_decimal: flat !== undefined ? String(flat) : null,
    };
  });
  if (tiers[tiers.length - 1].up_to !== null) throw invalidRequest("The last tier's up_to must be `inf`.", "tiers");
  for (let i = 1; i < tiers.length - 1; i++) {
    if ((tiers[i].up_to ?? Infinity) <= (tiers[i - 1].up_to ?? 0)) throw invalidRequest("Tiers must be in ascending order of up_to.", "tiers");
  }
  return tiers;
}

/** Remove a lookup key from whichever price holds it (transfer_lookup_key), or refuse. */
async function claimLookupKey(s: Session, key: string, transfer: boolean, selfId?: string) {
  const holders = (await queryObjects(s.tx, "price", { contains: { lookup_key: key } })).filter((o) => o.id !== selfId);
  if (!holders.length) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holders[0].id}\`) already uses that lookup key.`, "lookup_key", "lookup_key_in_use");
  }
  for (const h of holders) {
    const before = structuredClone(h);
    h.lookup_key = null;
    await saveObject(s.tx, h);
    await s.emit("price.updated", h, previousAttributes(before, h));
  }
}

async function create(ctx: Ctx) {
  const p = ctx.params;
  const currency = (str(p, "currency") ?? "").toLowerCase();
  if (!currency) throw missingParam("currency");
  let productId = str(p, "product");
  const productData = obj(p, "product_data");
  if (!productId && productData) {
    const name = str(productData, "name");
    if (!name) throw missingParam("product_data[name]");
    const now = nowUnix();
    const product = build("product", {
      id: stripeId("prod"), object: "product", created: now, updated: now, name, active: true,
      description: null, metadata: mergeMetadata({}, productData), default_price: null, type: "service", url: null, unit_label: null, tax_code: null,
    });
    await insertObject(ctx.tx, product);
    await ctx.emit("product.created", product);
    productId = product.id;
  }
  if (!productId) throw missingParam("product");
  await getObject(ctx.tx, productId, "product", "product");

  const rec = obj(p, "recurring");
  let recurring: Record<string, unknown> | null = null;
  if (rec) {
    const interval = oneOf(rec, "interval", ["day", "week", "month", "year"] as const);
    if (!interval) throw missingParam("recurring[interval]");
    const usage = oneOf(rec, "usage_type", ["licensed", "metered"] as const) ?? "licensed";
    const meter = str(rec, "meter") ?? null;
    if (usage === "metered" && !meter) throw missingParam("recurring[meter]");
    if (meter) await getObject(ctx.tx, meter, "billing.meter", "recurring[meter]");
    recurring = {
      interval,
      interval_count: int(rec, "interval_count", { min: 1 }) ?? 1,
      meter,
      usage_type: usage,
      trial_period_days: int(rec, "trial_period_days", { min: 0 }) ?? null,
    };
  }
  const scheme = oneOf(p, "billing_scheme", ["per_unit", "tiered"] as const) ?? "per_unit";
  const tiers = parseTiers(p);
  let unitAmount = int(p, "unit_amount", { min: 0 });
  const unitDec = str(p, "unit_amount_decimal");
  if (unitAmount === undefined && unitDec !== undefined && Number.isInteger(Number(unitDec))) unitAmount = Number(unitDec);
  if (scheme === "tiered") {
    if (!tiers) throw missingParam("tiers");
    if (!oneOf(p, "tiers_mode", ["graduated", "volume"] as const)) throw missingParam("tiers_mode");
  } else if (unitAmount === undefined && unitDec === undefined && !obj(p, "custom_unit_amount")) {
    throw missingParam("unit_amount");
  }
  const lookupKey = str(p, "lookup_key") || null;
  if (lookupKey) await claimLookupKey(ctx, lookupKey, bool(p, "transfer_lookup_key") ?? false);

  const price = build("price", {
    id: stripeId("price"),
    object: "price",
    created: nowUnix(),
    active: bool(p, "active") ?? true,
    billing_scheme: scheme,
    currency,
    custom_unit_amount: null,
    lookup_key: lookupKey,
    metadata: mergeMetadata({}, p),
    nickname: str(p, "nickname") || null,
    product: productId,
    recurring,
    tax_behavior: str(p, "tax_behavior") ?? "unspecified",
    tiers_mode: scheme === "tiered" ? str(p, "tiers_mode") : null,
    tiers: scheme === "tiered" ? tiers : undefined,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: scheme === "tiered" ? null : (unitAmount ?? null),
    unit_amount_decimal: scheme === "tiered" ? null : (unitDec ?? (unitAmount !== undefined ? String(unitAmount) : null)),
  });
  await insertObject(ctx.tx, price);
  await ctx.emit("price.created", price);
  return price;
}

async function update(ctx: Ctx) {
  const price = await getObject(ctx.tx, ctx.pathParams.id, "price");
  const before = structuredClone(price);
  const p = ctx.params;
  const active = bool(p, "active");
  if (active !== undefined) price.active = active;
  const nickname = str(p, "nickname");
  if (nickname !== undefined) price.nickname = nickname || null;
  const lookupKey = str(p, "lookup_key");
  if (lookupKey !== undefined) {
    if (lookupKey) await claimLookupKey(ctx, lookupKey, bool(p, "transfer_lookup_key") ?? false, price.id);
    price.lookup_key = lookupKey || null;
  }
  price.metadata = mergeMetadata(price.metadata as Record<string, string>, p);
  const prev = previousAttributes(before, price);
  if (prev) {
    await saveObject(ctx.tx, price);
    await ctx.emit("price.updated", price, prev);
  }
  return price;
}

async function list(ctx: Ctx) {
  const p = ctx.params;
  const active = bool(p, "active");
  const product = str(p, "product");
  const type = str(p, "type");
  const currency = str(p, "currency");
  const keys = (arr(p, "lookup_keys") ?? []).filter((x): x is string => typeof x === "string");
  const rec = obj(p, "recurring");
  return listResponse(ctx, "price", {
    where: (o: StripeObj) =>
      (active === undefined || o.active === active) &&
      (!product || o.product === product) &&
      (!type || o.type === type) &&
      (!currency || o.currency === currency) &&
      (keys.length === 0 || keys.includes(o.lookup_key as string)) &&
      (!rec?.interval || (o.recurring as Record<string, unknown> | null)?.interval === rec.interval),
  });
}

export const priceRoutes: RouteDef[] = [
  ["POST", "/v1/prices", create],
  ["GET", "/v1/prices", list],
  ["GET", "/v1/prices/search", (ctx) => searchResponse(ctx, "price")],
  ["GET", "/v1/prices/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "price")],
  ["POST", "/v1/prices/:id", update],
];
