import type { Catalog } from "@/lib/billing/catalog-schema";

export type UsageSummaryInput = {
  period: { start: string; end: string; current: boolean };
  plan: string;
  metrics: { metric: string; kind: string; used: number; peak: number; included: number | null; overage: number }[];
  by_day: { metric: string; day: string; quantity: number }[];
  by_endpoint: { metric: string; endpoint: string; quantity: number; requests: number }[];
};

const DAY = 86_400_000;

/** Every day of the period (up to `until`) with each metric's quantity (0 on quiet days): the chart's rows. */
export function dailySeries(catalog: Catalog, summary: UsageSummaryInput, until: Date) {
  const start = Date.parse(summary.period.start.slice(0, 10) + "T00:00:00Z");
  const end = Math.min(Date.parse(summary.period.end), Math.floor(until.getTime() / DAY) * DAY + DAY);
  const rows: Record<string, number | string>[] = [];
  for (let t = start; t < end && rows.length < 400; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    const row: Record<string, number | string> = { day };
    for (const m of catalog.metrics) row[m.key] = 0;
    rows.push(row);
  }
  const index = new Map(rows.map((r, i) => [r.day as string, i]));
  for (const d of summary.by_day) {
    const i = index.get(d.day);
    if (i !== undefined) rows[i]![d.metric] = ((rows[i]![d.metric] as number) ?? 0) + d.quantity;
  }
  return rows;
}

/** The last `n` months as period choices (YYYY-MM), newest first, starting with "current". */
export function periodChoices(at: Date, n = 6) {
  const out: { value: string; label: string }[] = [{ value: "current", label: "Current period" }];
  for (let i = 1; i <= n; i++) {
    const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - i, 1));
    out.push({ value: d.toISOString().slice(0, 7), label: d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }) });
  }
  return out;
}

/** Endpoint rows with their share of the metric's total. */
export function endpointRows(summary: UsageSummaryInput) {
  const totals = new Map<string, number>();
  for (const e of summary.by_endpoint) totals.set(e.metric, (totals.get(e.metric) ?? 0) + e.quantity);
  return summary.by_endpoint.map((e) => ({ ...e, share: totals.get(e.metric) ? Math.round((e.quantity / totals.get(e.metric)!) * 1000) / 10 : 0 }));
}
