/** Stripe's zero-decimal currencies: amounts are in whole units, not hundredths (stripe.com/docs/currencies). */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

/**
 * THE money format: an integer amount in the currency's smallest unit (cents) → "$1,234.56" (or "$12"
 * with `whole` when there are no cents; "¥1,234" for zero-decimal currencies). Every page, email,
 * notification and admin view formats money through this.
 */
export function formatMoney(cents: number, currency = "usd", opts: { whole?: boolean } = {}): string {
  const code = currency.toLowerCase();
  const zeroDecimal = ZERO_DECIMAL.has(code);
  const digits = zeroDecimal || (opts.whole && cents % 100 === 0) ? 0 : 2;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: code.toUpperCase(), minimumFractionDigits: digits, maximumFractionDigits: digits }).format(zeroDecimal ? cents : cents / 100);
}

export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
