/** Integer cents → "$1,234.56" (or "$12" with `whole` when there are no cents). */
export function formatMoney(cents: number, currency = "usd", opts: { whole?: boolean } = {}): string {
  const whole = opts.whole && cents % 100 === 0;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(cents / 100);
}

export function formatNumber(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatDate(d: Date | string | null | undefined): string {
  if (!d) return "—";
  return new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
