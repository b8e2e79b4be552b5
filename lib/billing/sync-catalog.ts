import "server-only";
import { sql } from "drizzle-orm";
import type Stripe from "stripe";
import { db, getDbHandle, type DbOrTx } from "@/db";
import { stripeCatalog } from "@/db/schema";
import { now } from "@/lib/clock";
import { logger } from "@/lib/log";
import { callStripe } from "@/lib/stripe/call-stripe";
import { stripeMode, type StripeMode } from "@/lib/stripe/client";
import { catalog as defaultCatalog, type Catalog } from "./catalog";
import { buildCatalogSpec, fingerprint, priceFingerprint, promotionCodeKey, type CouponSpec, type PriceSpec, type ProductSpec } from "./catalog-spec";
import { invalidateCatalogIds } from "./catalog-ids";

/**
 * Create or update, idempotently, the catalog's Stripe objects in whichever Stripe the client talks
 * to (real or sandbox): products (metadata.plan_key / pack_key), prices found by lookup_key, billing
 * meters found by event_name, graduated metered overage prices, coupons and promotion codes. Every id
 * is recorded in `stripe_catalog`. A second run changes nothing. Prices and coupon terms cannot be
 * edited in Stripe: a changed amount creates a new price that takes over the lookup key
 * (transfer_lookup_key) and archives the old one; new coupon terms create a new coupon and move the
 * promotion code to it.
 */
export type SyncCatalogResult = { mode: StripeMode; created: number; updated: number; archived: number; unchanged: number; ids: Record<string, string> };

type Row = { lookupKey: string; kind: string; stripeId: string; productId: string | null };
const SYNC_LOCK = 0x5c47_a10c;
const FP = "catalog_fingerprint";

const listAll = <T>(operation: string, list: (s: Stripe, o: { timeout?: number }) => { autoPagingToArray(opts: { limit: number }): Promise<T[]> }) =>
  callStripe(operation, (s, o) => list(s, o).autoPagingToArray({ limit: 10_000 }), { kind: "read" });

const sameMetadata = (want: Record<string, string>, have: Record<string, string> | null | undefined) =>
  Object.entries(want).every(([k, v]) => have?.[k] === v);

const g = globalThis as unknown as { __billingCatalogSync?: Promise<unknown> };

/** One sync at a time: in-process (a promise chain) and across processes (a Postgres advisory lock). */
export async function syncCatalog(options: { catalog?: Catalog; database?: DbOrTx } = {}): Promise<SyncCatalogResult> {
  const previous = g.__billingCatalogSync ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const handle = await getDbHandle();
      return handle.withAdvisoryLock(SYNC_LOCK, () => runSync(options.catalog ?? defaultCatalog, options.database ?? db));
    });
  g.__billingCatalogSync = run;
  return run;
}

async function runSync(catalog: Catalog, database: DbOrTx): Promise<SyncCatalogResult> {
  const spec = buildCatalogSpec(catalog);
  const counts = { created: 0, updated: 0, archived: 0, unchanged: 0 };
  const rows: Row[] = [];
  const ids = new Map<string, string>();
  const record = (lookupKey: string, kind: string, stripeId: string, productId: string | null = null) => {
    rows.push({ lookupKey, kind, stripeId, productId });
    ids.set(lookupKey, stripeId);
  };

  // Products.
  const products = await listAll<Stripe.Product>("products.list", (s, o) => s.products.list({ limit: 100 }, o));
  for (const p of spec.products) {
    const found = products.find((x) => (p.metadata.plan_key ? x.metadata?.plan_key === p.metadata.plan_key && !x.metadata?.pack_key : x.metadata?.pack_key === p.metadata.pack_key));
    record(p.key, "product", await upsertProduct(p, found, counts));
  }

  // Billing meters (one per metered metric, event_name = metric key).
  const meters = await listAll<Stripe.Billing.Meter>("billing.meters.list", (s, o) => s.billing.meters.list({ limit: 100 }, o));
  for (const m of spec.meters) {
    const found = meters.find((x) => x.event_name === m.eventName);
    let id = found?.id;
    if (!found) {
      const created = await callStripe("billing.meters.create", (s, o) =>
        s.billing.meters.create({
          display_name: m.displayName,
          event_name: m.eventName,
          default_aggregation: { formula: "sum" },
          customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
          value_settings: { event_payload_key: "value" },
        }, o), { idempotencyKey: m.key });
      id = created.id;
      counts.created++;
    } else if (found.status !== "active") {
      await callStripe("billing.meters.reactivate", (s, o) => s.billing.meters.reactivate(found.id, {}, o), { idempotencyKey: `${m.key}:${found.id}` });
      counts.updated++;
    } else if (found.display_name !== m.displayName) {
      await callStripe("billing.meters.update", (s, o) => s.billing.meters.update(found.id, { display_name: m.displayName }, o), { idempotencyKey: `${m.key}:${fingerprint(m)}` });
      counts.updated++;
    } else counts.unchanged++;
    record(m.key, "meter", id!);
  }

  // Prices, found by lookup key (at most 10 per list call).
  const existing: Stripe.Price[] = [];
  const keys = spec.prices.map((p) => p.lookupKey);
  for (let i = 0; i < keys.length; i += 10) {
    const chunk = keys.slice(i, i + 10);
    existing.push(...(await listAll<Stripe.Price>("prices.list", (s, o) => s.prices.list({ lookup_keys: chunk, limit: 100 }, o))));
  }
  for (const p of spec.prices) {
    const productId = ids.get(p.productKey)!;
    const meterId = p.recurring?.meterKey ? ids.get(p.recurring.meterKey) : undefined;
    const found = existing.find((x) => x.lookup_key === p.lookupKey);
    record(p.lookupKey, p.kind, await upsertPrice(p, productId, meterId, found, counts), productId);
  }

  // Coupons and promotion codes.
  const coupons = await listAll<Stripe.Coupon>("coupons.list", (s, o) => s.coupons.list({ limit: 100 }, o));
  for (const c of spec.coupons) {
    const couponId = await upsertCoupon(c, coupons.find((x) => x.id === c.id), ids, counts);
    record(c.key, "coupon", couponId);
    record(promotionCodeKey(c.code), "promotion_code", await upsertPromotionCode(c, couponId, counts));
  }

  await saveRows(database, rows);
  invalidateCatalogIds();
  const result = { mode: stripeMode(), ...counts, ids: Object.fromEntries(ids) };
  logger.info({ mode: result.mode, ...counts }, "stripe catalog synced");
  return result;
}

type Counts = { created: number; updated: number; archived: number; unchanged: number };

async function upsertProduct(p: ProductSpec, found: Stripe.Product | undefined, counts: Counts): Promise<string> {
  const description = p.description || undefined;
  if (!found) {
    const created = await callStripe("products.create", (s, o) => s.products.create({ name: p.name, description, metadata: p.metadata }, o), {
      idempotencyKey: `${p.key}:${fingerprint(p)}`,
    });
    counts.created++;
    return created.id;
  }
  const same = found.active && found.name === p.name && (found.description ?? undefined) === description && sameMetadata(p.metadata, found.metadata);
  if (same) {
    counts.unchanged++;
    return found.id;
  }
  await callStripe("products.update", (s, o) => s.products.update(found.id, { name: p.name, description: description ?? "", active: true, metadata: p.metadata }, o), {
    idempotencyKey: `${found.id}:${fingerprint(p)}`,
  });
  counts.updated++;
  return found.id;
}

async function upsertPrice(p: PriceSpec, productId: string, meterId: string | undefined, found: Stripe.Price | undefined, counts: Counts): Promise<string> {
  const fp = priceFingerprint(p, productId, meterId);
  const metadata = { ...p.metadata, [FP]: fp };
  if (found) {
    const product = typeof found.product === "string" ? found.product : found.product.id;
    const matches =
      found.active &&
      found.metadata?.[FP] === fp &&
      product === productId &&
      found.currency === p.currency &&
      (p.unitAmount === null || found.unit_amount === p.unitAmount) &&
      (found.recurring?.interval ?? null) === (p.recurring?.interval ?? null);
    if (matches) {
      if (found.nickname === p.nickname && sameMetadata(metadata, found.metadata)) {
        counts.unchanged++;
      } else {
        await callStripe("prices.update", (s, o) => s.prices.update(found.id, { nickname: p.nickname, metadata }, o), { idempotencyKey: `${found.id}:${fingerprint([p.nickname, metadata])}` });
        counts.updated++;
      }
      return found.id;
    }
  }
  const created = await callStripe("prices.create", (s, o) => s.prices.create(priceParams(p, productId, meterId, metadata), o), {
    idempotencyKey: `${p.lookupKey}:${fp}:${found?.id ?? "new"}`,
  });
  counts.created++;
  if (found?.active) {
    await callStripe("prices.update", (s, o) => s.prices.update(found.id, { active: false }, o), { idempotencyKey: `${found.id}:archive` });
    counts.archived++;
  }
  return created.id;
}

function priceParams(p: PriceSpec, productId: string, meterId: string | undefined, metadata: Record<string, string>): Stripe.PriceCreateParams {
  const base: Stripe.PriceCreateParams = {
    currency: p.currency,
    product: productId,
    nickname: p.nickname,
    lookup_key: p.lookupKey,
    transfer_lookup_key: true,
    metadata,
  };
  if (p.tiers) {
    return {
      ...base,
      recurring: { interval: p.recurring!.interval, usage_type: "metered", ...(meterId ? { meter: meterId } : {}) },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers: p.tiers.map((t) => ({ up_to: t.upTo, unit_amount: t.unitAmount })),
    };
  }
  return { ...base, unit_amount: p.unitAmount ?? 0, ...(p.recurring ? { recurring: { interval: p.recurring.interval } } : {}) };
}

async function upsertCoupon(c: CouponSpec, found: Stripe.Coupon | undefined, ids: Map<string, string>, counts: Counts): Promise<string> {
  if (found) {
    if (found.name === c.name) counts.unchanged++;
    else {
      await callStripe("coupons.update", (s, o) => s.coupons.update(found.id, { name: c.name }, o), { idempotencyKey: `${found.id}:${fingerprint(c.name)}` });
      counts.updated++;
    }
    return found.id;
  }
  const products = c.productKeys.map((k) => ids.get(k)!).filter(Boolean);
  const created = await callStripe("coupons.create", (s, o) =>
    s.coupons.create({
      id: c.id,
      name: c.name,
      duration: c.duration,
      ...(c.duration === "repeating" ? { duration_in_months: c.durationInMonths } : {}),
      ...(c.percentOff ? { percent_off: c.percentOff } : { amount_off: c.amountOffCents, currency: c.currency }),
      ...(products.length ? { applies_to: { products } } : {}),
      metadata: { code: c.code },
    }, o), { idempotencyKey: c.id });
  counts.created++;
  return created.id;
}

async function upsertPromotionCode(c: CouponSpec, couponId: string, counts: Counts): Promise<string> {
  const active = await listAll<Stripe.PromotionCode>("promotionCodes.list", (s, o) => s.promotionCodes.list({ code: c.code, active: true, limit: 100 }, o));
  const couponOf = (pc: Stripe.PromotionCode) => {
    const coupon = pc.promotion?.coupon;
    return typeof coupon === "string" ? coupon : coupon?.id;
  };
  const current = active.find((pc) => pc.code === c.code && couponOf(pc) === couponId);
  for (const stale of active.filter((pc) => pc.code === c.code && pc !== current)) {
    await callStripe("promotionCodes.update", (s, o) => s.promotionCodes.update(stale.id, { active: false }, o), { idempotencyKey: `${stale.id}:archive` });
    counts.archived++;
  }
  if (current) {
    counts.unchanged++;
    return current.id;
  }
  const created = await callStripe("promotionCodes.create", (s, o) =>
    s.promotionCodes.create({
      promotion: { type: "coupon", coupon: couponId },
      code: c.code,
      ...(c.maxRedemptions ? { max_redemptions: c.maxRedemptions } : {}),
      metadata: { code: c.code },
    }, o), { idempotencyKey: `${c.code}:${couponId}` });
  counts.created++;
  return created.id;
}

async function saveRows(database: DbOrTx, rows: Row[]) {
  if (!rows.length) return;
  const syncedAt = now();
  await database
    .insert(stripeCatalog)
    .values(rows.map((r) => ({ ...r, syncedAt })))
    .onConflictDoUpdate({
      target: stripeCatalog.lookupKey,
      set: { kind: sql`excluded.kind`, stripeId: sql`excluded.stripe_id`, productId: sql`excluded.product_id`, syncedAt: sql`excluded.synced_at` },
    });
}
