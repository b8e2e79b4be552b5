/**
 * docs/BILLING.md §9: an invoice's **subscription period** (the period its plan lines cover, billed in
 * advance — or the rest of the period for proration lines) and its **usage period** (the period whose
 * metered usage it bills, in arrears) are shown each for what it is, never as one range spanning both.
 */
export type InvoiceLineLike = { priceId?: string | null; description?: string | null; periodStart?: string | null; periodEnd?: string | null };
export type Period = { start: string; end: string };

function span(lines: InvoiceLineLike[]): Period | null {
  const dated = lines.filter((l) => l.periodStart && l.periodEnd);
  if (!dated.length) return null;
  const start = Math.min(...dated.map((l) => Date.parse(l.periodStart!)));
  const end = Math.max(...dated.map((l) => Date.parse(l.periodEnd!)));
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** Split an invoice's lines into its subscription period and its usage period (`isUsage`: a metered overage line). */
export function invoicePeriods(rawLines: unknown, isUsage: (line: InvoiceLineLike) => boolean): { subscription: Period | null; usage: Period | null } {
  const lines = (Array.isArray(rawLines) ? rawLines : []) as InvoiceLineLike[];
  return { subscription: span(lines.filter((l) => !isUsage(l))), usage: span(lines.filter((l) => isUsage(l))) };
}
