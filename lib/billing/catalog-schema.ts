import { z } from "zod";

/**
 * The shape of the catalog and its validation. "Unlimited" has ONE meaning everywhere: a limit of
 * `null` — always allowed, never counted as overage, shown as "Unlimited".
 */
export const UNLIMITED = null;

const cents = z.number().int("money is integer cents").min(0, "amounts cannot be negative");
const key = z.string().regex(/^[a-z][a-z0-9_]*$/, "expected snake_case");

export const metricSchema = z.object({
  key,
  name: z.string().min(1),
  /** sum: usage adds up over the period (api_calls, tokens); gauge: current value and period peak (seats, storage_gb). */
  kind: z.enum(["sum", "gauge"]),
  unit: z.string().min(1),
  /** Reported to Stripe billing meters (overage) when true. */
  metered: z.boolean().default(false),
});

export const planLimitSchema = z.object({
  /** Included per monthly period (a yearly period: see includedInPeriod); null = unlimited. */
  included: z.number().int().min(0).nullable(),
  /** Price per unit past `included`, in cents; null = hard limit (blocked past it). */
  overageUnitAmountCents: cents.nullable(),
});

export const planSchema = z.object({
  key,
  name: z.string().min(1),
  description: z.string(),
  /** Monthly and yearly prices in cents; yearly null = not offered. Free plans are 0 monthly. */
  prices: z.object({ monthly: cents, yearly: cents.nullable() }),
  trialDays: z.number().int().min(0).max(730),
  includedCredits: z.number().int().min(0),
  limits: z.record(z.string(), planLimitSchema),
  entitlements: z.array(key),
  highlighted: z.boolean().default(false),
});

export const creditPackSchema = z.object({ key, name: z.string(), credits: z.number().int().positive(), priceCents: cents.refine((v) => v > 0, "a pack must cost something") });

export const couponSchema = z.object({
  code: z.string().regex(/^[A-Z0-9]{3,20}$/, "promotion codes are 3-20 uppercase letters/digits"),
  name: z.string(),
  percentOff: z.number().min(1).max(100).optional(),
  amountOffCents: cents.optional(),
  duration: z.enum(["once", "repeating", "forever"]),
  durationInMonths: z.number().int().positive().optional(),
  maxRedemptions: z.number().int().positive().optional(),
  /** Plan keys the code applies to; empty = every paid plan. */
  appliesToPlans: z.array(key).default([]),
});

export const catalogSchema = z.object({
  currency: z.literal("usd"),
  metrics: z.array(metricSchema).min(1),
  /** The metric the status API reports as the plan's headline usage. */
  headlineMetric: key,
  features: z.array(z.object({ key, name: z.string() })),
  plans: z.array(planSchema).min(1),
  creditPacks: z.array(creditPackSchema),
  /** Credits consumed per event type. */
  creditCosts: z.record(key, z.number().int().positive()),
  /** Credits per 1,000 tokens, per model and direction. */
  tokenPrices: z.record(z.string().min(1), z.object({ input: z.number().int().min(0), output: z.number().int().min(0) })),
  /** api_calls units charged per request to each endpoint of the demo metered API. */
  endpointCosts: z.record(z.string().startsWith("/"), z.number().int().positive()),
  coupons: z.array(couponSchema),
});

export type CatalogInput = z.input<typeof catalogSchema>;
export type Catalog = z.output<typeof catalogSchema>;
export type Plan = Catalog["plans"][number];
export type Metric = Catalog["metrics"][number];
export type PlanLimit = z.output<typeof planLimitSchema>;
export type CreditPack = Catalog["creditPacks"][number];
export type Coupon = Catalog["coupons"][number];
export type Interval = "month" | "year";

export class CatalogError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid catalog (lib/billing/catalog.ts):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CatalogError";
  }
}

/** Stripe lookup keys for a plan's recurring prices and overage prices. */
export const priceLookupKey = (plan: string, interval: Interval) => `${plan}_${interval === "month" ? "monthly" : "yearly"}`;
export const overageLookupKey = (plan: string, metric: string, interval: Interval) => `${plan}_${metric}_overage_${interval === "month" ? "monthly" : "yearly"}`;
export const packLookupKey = (pack: string) => `credit_${pack}`;

/**
 * THE allowance rule for one billing period (docs/BILLING.md §5): a limit's `included` is per month,
 * and a yearly period includes 12 × that for a summed metric (api_calls, tokens). Gauges (seats,
 * storage) are current totals and are never multiplied. null (unlimited) stays null.
 */
export function includedInPeriod(included: number | null, kind: Metric["kind"], interval: Interval): number | null {
  return included !== null && kind === "sum" && interval === "year" ? included * 12 : included;
}

/** A plan's limits for one billing period of `interval`: each `included` per includedInPeriod, rates unchanged. */
export function periodLimits(catalog: Catalog, plan: Plan, interval: Interval): Plan["limits"] {
  const out: Plan["limits"] = {};
  for (const [key, limit] of Object.entries(plan.limits)) {
    const kind = catalog.metrics.find((m) => m.key === key)?.kind ?? "gauge";
    out[key] = { ...limit, included: includedInPeriod(limit.included, kind, interval) };
  }
  return out;
}

/** Parse and cross-check a catalog; every problem is listed with its reason. */
export function validateCatalog(input: CatalogInput): Catalog {
  const parsed = catalogSchema.safeParse(input);
  if (!parsed.success) {
    throw new CatalogError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  const metricKeys = new Set(c.metrics.map((m) => m.key));
  const featureKeys = new Set(c.features.map((f) => f.key));
  const dup = (items: string[], what: string) => {
    const seen = new Set<string>();
    for (const i of items) {
      if (seen.has(i)) problems.push(`duplicate ${what}: ${i}`);
      seen.add(i);
    }
  };
  dup(c.metrics.map((m) => m.key), "metric key");
  dup(c.plans.map((p) => p.key), "plan key");
  dup(c.creditPacks.map((p) => p.key), "credit pack key");
  dup(c.coupons.map((p) => p.code), "promotion code");
  const lookupKeys: string[] = [];
  if (!metricKeys.has(c.headlineMetric)) problems.push(`headlineMetric ${c.headlineMetric} is not a metric`);
  for (const p of c.plans) {
    const paid = p.prices.monthly > 0 || (p.prices.yearly ?? 0) > 0;
    if (p.key !== "free" && !paid) problems.push(`plan ${p.key} has no price (only "free" may cost nothing)`);
    lookupKeys.push(priceLookupKey(p.key, "month"));
    if (p.prices.yearly !== null) lookupKeys.push(priceLookupKey(p.key, "year"));
    for (const m of c.metrics) if (!p.limits[m.key]) problems.push(`plan ${p.key} has no limit for metric ${m.key} (use included: null for unlimited)`);
    for (const [mk, limit] of Object.entries(p.limits)) {
      if (!metricKeys.has(mk)) problems.push(`plan ${p.key} limits unknown metric ${mk}`);
      if (limit.overageUnitAmountCents !== null && !paid) problems.push(`plan ${p.key} is free but charges overage on ${mk}`);
      if (limit.overageUnitAmountCents !== null) {
        lookupKeys.push(overageLookupKey(p.key, mk, "month"));
        if (p.prices.yearly !== null) lookupKeys.push(overageLookupKey(p.key, mk, "year"));
      }
    }
    for (const e of p.entitlements) if (!featureKeys.has(e)) problems.push(`plan ${p.key} grants unknown feature ${e}`);
  }
  for (const pk of c.creditPacks) lookupKeys.push(packLookupKey(pk.key));
  dup(lookupKeys, "lookup key");
  for (const cp of c.coupons) {
    if (Boolean(cp.percentOff) === Boolean(cp.amountOffCents)) problems.push(`coupon ${cp.code}: set exactly one of percentOff or amountOffCents`);
    if (cp.duration === "repeating" && !cp.durationInMonths) problems.push(`coupon ${cp.code}: repeating needs durationInMonths`);
    for (const pl of cp.appliesToPlans) if (!c.plans.some((p) => p.key === pl)) problems.push(`coupon ${cp.code} applies to unknown plan ${pl}`);
  }
  if (!c.plans.some((p) => p.key === "free")) problems.push(`a "free" plan is required (it is the fallback when a subscription lapses)`);
  if (problems.length) throw new CatalogError(problems);
  return c;
}
