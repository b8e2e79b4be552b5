import { validateCatalog, type Catalog, type CatalogInput, type Interval, type Plan } from "./catalog-schema";

/**
 * THE pricing config: the only place a team edits plans, prices, quotas, credit costs and codes.
 * Money is integer cents; yearly = 10 × monthly. `included: null` means unlimited.
 * Validated when loaded: a bad entry stops start-up with the reason.
 */
export const catalogInput = {
  currency: "usd",
  metrics: [
    { key: "api_calls", name: "API calls", kind: "sum", unit: "call", metered: true },
    { key: "tokens", name: "Tokens", kind: "sum", unit: "token" },
    { key: "seats", name: "Seats", kind: "gauge", unit: "seat" },
    { key: "storage_gb", name: "Storage", kind: "gauge", unit: "GB" },
  ],
  headlineMetric: "api_calls",
  features: [
    { key: "api_access", name: "API access" },
    { key: "advanced_exports", name: "Advanced exports (CSV, PDF)" },
    { key: "priority_support", name: "Priority support" },
    { key: "sso", name: "Single sign-on" },
  ],
  plans: [
    {
      key: "free",
      name: "Free",
      description: "For trying things out.",
      prices: { monthly: 0, yearly: null },
      trialDays: 0,
      includedCredits: 0,
      limits: {
        api_calls: { included: 100, overageUnitAmountCents: null },
        tokens: { included: 100_000, overageUnitAmountCents: null },
        seats: { included: 1, overageUnitAmountCents: null },
        storage_gb: { included: 1, overageUnitAmountCents: null },
      },
      entitlements: ["api_access"],
    },
    {
      key: "starter",
      name: "Starter",
      description: "For small teams shipping their first product.",
      prices: { monthly: 2_900, yearly: 29_000 },
      trialDays: 14,
      includedCredits: 1_000,
      limits: {
        api_calls: { included: 1_000, overageUnitAmountCents: 3 },
        tokens: { included: 1_000_000, overageUnitAmountCents: null },
        seats: { included: 3, overageUnitAmountCents: null },
        storage_gb: { included: 10, overageUnitAmountCents: null },
      },
      entitlements: ["api_access"],
    },
    {
      key: "pro",
      name: "Pro",
      description: "For growing products with real traffic.",
      prices: { monthly: 9_900, yearly: 99_000 },
      trialDays: 14,
      includedCredits: 5_000,
      limits: {
        api_calls: { included: 10_000, overageUnitAmountCents: 2 },
        tokens: { included: 5_000_000, overageUnitAmountCents: null },
        seats: { included: 10, overageUnitAmountCents: null },
        storage_gb: { included: 100, overageUnitAmountCents: null },
      },
      entitlements: ["api_access", "advanced_exports"],
      highlighted: true,
    },
    {
      key: "enterprise",
      name: "Enterprise",
      description: "For scale, with priority support.",
      prices: { monthly: 49_900, yearly: 499_000 },
      trialDays: 0,
      includedCredits: 25_000,
      limits: {
        api_calls: { included: 100_000, overageUnitAmountCents: 1 },
        tokens: { included: null, overageUnitAmountCents: null },
        seats: { included: null, overageUnitAmountCents: null },
        storage_gb: { included: 1_000, overageUnitAmountCents: null },
      },
      entitlements: ["api_access", "advanced_exports", "priority_support", "sso"],
    },
  ],
  creditPacks: [
    { key: "pack_1000", name: "1,000 credits", credits: 1_000, priceCents: 1_000 },
    { key: "pack_5000", name: "5,000 credits", credits: 5_000, priceCents: 4_500 },
    { key: "pack_20000", name: "20,000 credits", credits: 20_000, priceCents: 16_000 },
  ],
  creditCosts: { api_call_basic: 1, api_call_premium: 5, storage_gb_month: 10, ai_inference: 25 },
  tokenPrices: {
    "gpt-4o-mini": { input: 1, output: 4 },
    "gpt-4o": { input: 5, output: 15 },
    "claude-sonnet": { input: 3, output: 15 },
  },
  endpointCosts: { "/signals": 1, "/signals/history/{symbol}": 2, "/export/csv": 3, "/export/pdf": 5 },
  coupons: [
    { code: "WELCOME20", name: "20% off for 3 months", percentOff: 20, duration: "repeating", durationInMonths: 3 },
    { code: "PRO50", name: "50% off the first Pro invoice", percentOff: 50, duration: "once", appliesToPlans: ["pro"] },
    { code: "LAUNCH10", name: "$10 off once (first 100 customers)", amountOffCents: 1_000, duration: "once", maxRedemptions: 100 },
  ],
} satisfies CatalogInput;

export const catalog: Catalog = validateCatalog(catalogInput);

export function getPlan(key: string): Plan | undefined {
  return catalog.plans.find((p) => p.key === key);
}

export function freePlan(): Plan {
  return getPlan("free")!;
}

/** Price in cents for a plan and interval (null when the plan is not offered at that interval). */
export function planPrice(plan: Plan, interval: Interval): number | null {
  return interval === "month" ? plan.prices.monthly : plan.prices.yearly;
}

export type { Catalog, Plan, Interval } from "./catalog-schema";
