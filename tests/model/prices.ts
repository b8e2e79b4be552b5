/**
 * The price table of docs/BILLING.md §1, §4, §5, §7, copied as plain data. The model never imports the
 * app's catalog (lib/billing/catalog.ts is code: it validates and derives); `prices.unit.test.ts`
 * checks that this table still equals the catalog, so a catalog edit fails there first.
 */
export type PlanKey = "free" | "starter" | "pro" | "enterprise";
export type Interval = "month" | "year";
export type MetricKey = "api_calls" | "tokens" | "seats" | "storage_gb";
export type CreditSource = "purchased" | "subscription" | "promotional" | "adjustment";

export type ModelPlan = {
  key: PlanKey;
  name: string;
  rank: number;
  monthly: number;
  yearly: number | null;
  trialDays: number;
  includedCredits: number;
  /** included units per month (null = unlimited) and overage cents per unit (null = never charged). */
  limits: Record<MetricKey, { included: number | null; rate: number | null }>;
};

export const METRICS: { key: MetricKey; name: string; kind: "sum" | "gauge"; metered: boolean }[] = [
  { key: "api_calls", name: "API calls", kind: "sum", metered: true },
  { key: "tokens", name: "Tokens", kind: "sum", metered: false },
  { key: "seats", name: "Seats", kind: "gauge", metered: false },
  { key: "storage_gb", name: "Storage", kind: "gauge", metered: false },
];

export const PLANS: Record<PlanKey, ModelPlan> = {
  free: {
    key: "free", name: "Free", rank: 0, monthly: 0, yearly: null, trialDays: 0, includedCredits: 0,
    limits: { api_calls: { included: 100, rate: null }, tokens: { included: 100_000, rate: null }, seats: { included: 1, rate: null }, storage_gb: { included: 1, rate: null } },
  },
  starter: {
    key: "starter", name: "Starter", rank: 1, monthly: 2_900, yearly: 29_000, trialDays: 14, includedCredits: 1_000,
    limits: { api_calls: { included: 1_000, rate: 3 }, tokens: { included: 1_000_000, rate: null }, seats: { included: 3, rate: null }, storage_gb: { included: 10, rate: null } },
  },
  pro: {
    key: "pro", name: "Pro", rank: 2, monthly: 9_900, yearly: 99_000, trialDays: 14, includedCredits: 5_000,
    limits: { api_calls: { included: 10_000, rate: 2 }, tokens: { included: 5_000_000, rate: null }, seats: { included: 10, rate: null }, storage_gb: { included: 100, rate: null } },
  },
  enterprise: {
    key: "enterprise", name: "Enterprise", rank: 3, monthly: 49_900, yearly: 499_000, trialDays: 0, includedCredits: 25_000,
    limits: { api_calls: { included: 100_000, rate: 1 }, tokens: { included: null, rate: null }, seats: { included: null, rate: null }, storage_gb: { included: 1_000, rate: null } },
  },
};

export type Coupon = { code: string; percentOff?: number; amountOff?: number; duration: "once" | "repeating" | "forever"; months?: number; plans?: PlanKey[] };

export const COUPONS: Record<string, Coupon> = {
  WELCOME20: { code: "WELCOME20", percentOff: 20, duration: "repeating", months: 3 },
  PRO50: { code: "PRO50", percentOff: 50, duration: "once", plans: ["pro"] },
  LAUNCH10: { code: "LAUNCH10", amountOff: 1_000, duration: "once" },
  COMP: { code: "COMP", percentOff: 100, duration: "forever" },
};

export const PACKS: Record<string, { credits: number; priceCents: number }> = {
  pack_1000: { credits: 1_000, priceCents: 1_000 },
  pack_5000: { credits: 5_000, priceCents: 4_500 },
  pack_20000: { credits: 20_000, priceCents: 16_000 },
};

export const GRACE_PERIOD_DAYS = 7;
export const HOLD_TTL_SECONDS = 15 * 60;
/** Stripe Smart Retries as configured: days after the previous attempt; the 4th failure cancels. */
export const RETRY_DAYS = [3, 5, 7];

export function planPrice(plan: PlanKey, interval: Interval): number {
  const p = PLANS[plan];
  const price = interval === "month" ? p.monthly : p.yearly;
  if (price === null) throw new Error(`${plan} is not offered ${interval}ly`);
  return price;
}

/** Allowance of a summed metric for one period of the interval (yearly = 12 × monthly). */
export function allowance(plan: PlanKey, metric: MetricKey, interval: Interval | "calendar"): number | null {
  const inc = PLANS[plan].limits[metric].included;
  if (inc === null) return null;
  const kind = METRICS.find((m) => m.key === metric)!.kind;
  return interval === "year" && kind === "sum" ? inc * 12 : inc;
}
