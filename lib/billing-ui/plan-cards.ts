import type { Catalog, Interval, Plan } from "@/lib/billing/catalog-schema";
import { formatMoney, formatNumber } from "./format";

export type PlanCard = {
  key: string;
  name: string;
  description: string;
  highlighted: boolean;
  free: boolean;
  /** Price for each interval (null = not offered), cents. */
  prices: { month: number; year: number | null };
  /** e.g. "$99/month", "$990/year", "Free". */
  priceLabel: Record<Interval, string | null>;
  /** "$82.50/month billed yearly — save $198 (17%)" or null. */
  yearlyNote: string | null;
  yearlySavingCents: number | null;
  trialLabel: string | null;
  limits: { metric: string; name: string; label: string; overage: string | null }[];
  features: { key: string; name: string; included: boolean }[];
  credits: string | null;
  /** Position in the catalog (higher = bigger plan). */
  rank: number;
};

export function limitLabel(included: number | null, unit: string): string {
  if (included === null) return "Unlimited";
  return `${formatNumber(included)} ${plural(unit, included)}`;
}

/** "call" → "calls"; abbreviations like "GB" stay as they are. */
export function plural(unit: string, n: number): string {
  return n === 1 || unit === unit.toUpperCase() ? unit : `${unit}s`;
}

/** The catalog's plans as comparison cards (pure; same numbers the pricing API serves). */
export function buildPlanCards(catalog: Catalog): PlanCard[] {
  return catalog.plans.map((p, rank) => planCard(catalog, p, rank));
}

export function planCard(catalog: Catalog, p: Plan, rank: number): PlanCard {
  const free = p.prices.monthly === 0 && p.prices.yearly === null;
  const saving = p.prices.yearly === null ? null : p.prices.monthly * 12 - p.prices.yearly;
  const pct = saving !== null && p.prices.monthly > 0 ? Math.round((saving / (p.prices.monthly * 12)) * 100) : 0;
  return {
    key: p.key,
    name: p.name,
    description: p.description,
    highlighted: p.highlighted,
    free,
    prices: { month: p.prices.monthly, year: p.prices.yearly },
    priceLabel: {
      month: free ? "Free" : `${formatMoney(p.prices.monthly, catalog.currency, { whole: true })}/month`,
      year: free ? "Free" : p.prices.yearly === null ? null : `${formatMoney(p.prices.yearly, catalog.currency, { whole: true })}/year`,
    },
    yearlyNote:
      saving && saving > 0 && p.prices.yearly !== null
        ? `${formatMoney(Math.round(p.prices.yearly / 12), catalog.currency)}/month billed yearly — save ${formatMoney(saving, catalog.currency, { whole: true })} (${pct}%)`
        : null,
    yearlySavingCents: saving,
    trialLabel: p.trialDays > 0 ? `${p.trialDays}-day free trial` : null,
    limits: catalog.metrics.map((m) => {
      const l = p.limits[m.key];
      return {
        metric: m.key,
        name: m.name,
        label: limitLabel(l?.included ?? null, m.unit),
        overage:
          l && l.included !== null
            ? l.overageUnitAmountCents === null
              ? "hard limit"
              : `then ${formatMoney(l.overageUnitAmountCents, catalog.currency)} per ${m.unit}`
            : null,
      };
    }),
    features: catalog.features.map((f) => ({ key: f.key, name: f.name, included: p.entitlements.includes(f.key) })),
    credits: p.includedCredits > 0 ? `${formatNumber(p.includedCredits)} credits each period` : null,
    rank,
  };
}

/** The next bigger plan (for upgrade prompts), or null at the top. */
export function nextPlanUp(catalog: Catalog, planKey: string): Plan | null {
  const i = catalog.plans.findIndex((p) => p.key === planKey);
  return i >= 0 && i + 1 < catalog.plans.length ? catalog.plans[i + 1]! : null;
}
