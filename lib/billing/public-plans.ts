import { catalog as defaultCatalog, type Catalog } from "./catalog";
import { priceLookupKey } from "./catalog-schema";

/**
 * The catalog as a pricing page shows it (public, no Stripe ids). Money in integer cents;
 * a limit of `null` means unlimited; overage `null` means a hard limit.
 */
export type PublicPlan = {
  key: string;
  name: string;
  description: string;
  monthly_cents: number;
  yearly_cents: number | null;
  /** 12 × monthly − yearly (null when there is no yearly price). */
  yearly_saving_cents: number | null;
  trial_days: number;
  limits: Record<string, number | null>;
  overage_unit_amount_cents: Record<string, number | null>;
  entitlements: string[];
  included_credits: number;
  highlighted: boolean;
  lookup_keys: { monthly: string; yearly: string | null };
};

export type PublicCatalog = {
  currency: string;
  plans: PublicPlan[];
  metrics: { key: string; name: string; unit: string; kind: string }[];
  features: { key: string; name: string }[];
  credit_packs: { key: string; name: string; credits: number; price_cents: number }[];
};

export function listPublicPlans(c: Catalog = defaultCatalog): PublicPlan[] {
  return c.plans.map((p) => ({
    key: p.key,
    name: p.name,
    description: p.description,
    monthly_cents: p.prices.monthly,
    yearly_cents: p.prices.yearly,
    yearly_saving_cents: p.prices.yearly === null ? null : p.prices.monthly * 12 - p.prices.yearly,
    trial_days: p.trialDays,
    limits: Object.fromEntries(c.metrics.map((m) => [m.key, p.limits[m.key]?.included ?? null])),
    overage_unit_amount_cents: Object.fromEntries(c.metrics.map((m) => [m.key, p.limits[m.key]?.overageUnitAmountCents ?? null])),
    entitlements: [...p.entitlements],
    included_credits: p.includedCredits,
    highlighted: p.highlighted,
    lookup_keys: { monthly: priceLookupKey(p.key, "month"), yearly: p.prices.yearly === null ? null : priceLookupKey(p.key, "year") },
  }));
}

export function getPublicCatalog(c: Catalog = defaultCatalog): PublicCatalog {
  return {
    currency: c.currency,
    plans: listPublicPlans(c),
    metrics: c.metrics.map((m) => ({ key: m.key, name: m.name, unit: m.unit, kind: m.kind })),
    features: c.features.map((f) => ({ key: f.key, name: f.name })),
    credit_packs: c.creditPacks.map((p) => ({ key: p.key, name: p.name, credits: p.credits, price_cents: p.priceCents })),
  };
}
