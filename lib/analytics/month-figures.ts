import type { MetricsDaily } from "@/db/schema";

/** One month's figures, derived from the rollup row of the month's last snapshot day (docs/METRICS.md). */
export type MonthFigures = {
  month: string; // YYYY-MM
  asOf: string; // the snapshot day the figures come from
  mrrCents: number;
  arrCents: number;
  activeSubscriptions: number;
  trialingSubscriptions: number;
  pastDueSubscriptions: number;
  payingCustomers: number;
  baselineMrrCents: number;
  newMrrCents: number;
  expansionMrrCents: number;
  contractionMrrCents: number;
  churnedMrrCents: number;
  netNewMrrCents: number;
  customersAtStart: number;
  churnedCustomers: number;
  /** churned customers ÷ paying customers at the start of the month (0..1); null when there were none. */
  customerChurnRate: number | null;
  /** MRR ÷ paying customers, cents (rounded). */
  arpuCents: number;
  /** ARPU ÷ monthly customer churn rate, cents; null when churn is 0 (unbounded). */
  clvCents: number | null;
  revenueCents: number;
  overageRevenueCents: number;
  trialsEnded: number;
  trialsConverted: number;
  /** converted ÷ ended trials (0..1); null when no trial ended. */
  trialConversionRate: number | null;
};

export function monthFigures(row: MetricsDaily): MonthFigures {
  const churn = row.customersAtStart > 0 ? row.churnedCustomers / row.customersAtStart : null;
  const arpu = row.payingCustomers > 0 ? Math.round(row.mrrCents / row.payingCustomers) : 0;
  return {
    month: row.day.slice(0, 7),
    asOf: row.day,
    mrrCents: row.mrrCents,
    arrCents: row.mrrCents * 12,
    activeSubscriptions: row.activeSubscriptions,
    trialingSubscriptions: row.trialingSubscriptions,
    pastDueSubscriptions: row.pastDueSubscriptions,
    payingCustomers: row.payingCustomers,
    baselineMrrCents: row.baselineMrrCents,
    newMrrCents: row.newMrrCents,
    expansionMrrCents: row.expansionMrrCents,
    contractionMrrCents: row.contractionMrrCents,
    churnedMrrCents: row.churnedMrrCents,
    netNewMrrCents: row.newMrrCents + row.expansionMrrCents - row.contractionMrrCents - row.churnedMrrCents,
    customersAtStart: row.customersAtStart,
    churnedCustomers: row.churnedCustomers,
    customerChurnRate: churn,
    arpuCents: arpu,
    clvCents: churn && churn > 0 ? Math.round(arpu / churn) : null,
    revenueCents: row.revenueCents,
    overageRevenueCents: row.overageRevenueCents,
    trialsEnded: row.trialsEnded,
    trialsConverted: row.trialsConverted,
    trialConversionRate: row.trialsEnded > 0 ? row.trialsConverted / row.trialsEnded : null,
  };
}
