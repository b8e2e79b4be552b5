import type { StripeObj } from "../shapes";

/** Calendar arithmetic for billing periods (UTC), keeping the anchor's day (Jan 31 → Feb 28 → Mar 31). */
export function addInterval(unix: number, interval: string, count: number): number {
  const d = new Date(unix * 1000);
  if (interval === "day") return unix + 86400 * count;
  if (interval === "week") return unix + 7 * 86400 * count;
  const months = interval === "year" ? 12 * count : count;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  return Math.floor(out / 1000);
}

/** The first period boundary after `after`, counting whole intervals from the anchor. */
export function nextBoundary(anchor: number, after: number, interval: string, count: number): number {
  let n = 1;
  let t = addInterval(anchor, interval, count * n);
  while (t <= after) {
    n++;
    t = addInterval(anchor, interval, count * n);
  }
  return t;
}

export type Tier = { up_to: number | null; unit_amount: number | null; unit_amount_decimal: string | null; flat_amount: number | null };

/** Amount in cents for `quantity` units of a price (per-unit, or graduated / volume tiers). */
export function priceAmount(price: StripeObj, quantity: number): number {
  if (price.billing_scheme !== "tiered") {
    const unit = price.unit_amount_decimal !== null && price.unit_amount_decimal !== undefined ? Number(price.unit_amount_decimal) : Number(price.unit_amount ?? 0);
    return Math.round(unit * quantity);
  }
  const tiers = (price.tiers ?? []) as Tier[];
  const unitOf = (t: Tier) => (t.unit_amount_decimal !== null ? Number(t.unit_amount_decimal) : (t.unit_amount ?? 0));
  if (price.tiers_mode === "volume") {
    const t = tiers.find((x) => x.up_to === null || quantity <= x.up_to) ?? tiers[tiers.length - 1];
    return Math.round(unitOf(t) * quantity + (t.flat_amount ?? 0));
  }
  let total = 0;
  let prev = 0;
  for (const t of tiers) {
    if (quantity <= prev) break;
    const cap = t.up_to ?? Infinity;
    const units = Math.min(quantity, cap) - prev;
    total += unitOf(t) * units + (t.flat_amount ?? 0);
    prev = cap;
  }
  return Math.round(total);
}

/** Per-tier breakdown of a graduated price (for invoice line descriptions). */
export function tierBreakdown(price: StripeObj, quantity: number): { units: number; from: number; to: number | null; amount: number }[] {
  const tiers = (price.tiers ?? []) as Tier[];
  const out = [];
  let prev = 0;
  for (const t of tiers) {
    if (quantity <= prev) break;
    const cap = t.up_to ?? Infinity;
    const units = Math.min(quantity, cap) - prev;
    const unit = t.unit_amount_decimal !== null ? Number(t.unit_amount_decimal) : (t.unit_amount ?? 0);
    out.push({ units, from: prev + 1, to: t.up_to, amount: Math.round(unit * units + (t.flat_amount ?? 0)) });
    prev = cap;
  }
  return out;
}

/** Discount in cents a coupon takes off a (positive) amount. */
export function couponDiscount(coupon: StripeObj, amount: number): number {
  if (amount <= 0) return 0;
  if (coupon.percent_off !== null && coupon.percent_off !== undefined) return Math.round((amount * Number(coupon.percent_off)) / 100);
  return Math.min(amount, Number(coupon.amount_off ?? 0));
}

/** Proration in cents for `amount` over the seconds left of [start, end) from `at` (exact, rounded once). */
export function prorate(amount: number, start: number, end: number, at: number): number {
  const total = end - start;
  const left = Math.max(0, Math.min(end - at, total));
  if (total <= 0) return 0;
  return Math.round((amount * left) / total);
}

export function fmtDate(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}

/** Stripe's zero-decimal currencies: amounts are whole units. */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/** An amount in the currency's smallest unit as Stripe's documents print it ("$1,234.56", "¥1,500"). */
export function money(amount: number, currency: string): string {
  const code = currency.toLowerCase();
  return new Intl.NumberFormat("en-US", { style: "currency", currency: code.toUpperCase() }).format(ZERO_DECIMAL.has(code) ? amount : amount / 100);
}
