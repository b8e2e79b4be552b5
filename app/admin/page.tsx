import type { Metadata } from "next";
import Link from "next/link";
import { formatCents, formatCount, formatPercent } from "@/components/admin/format";
import { MetricChart, MovementsChart, type ChartKind } from "@/components/admin/metric-chart";
import { SimpleActionButton } from "@/components/admin/simple-action-button";
import { StatCard } from "@/components/admin/stat-card";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/components/ui";
import { getOverview } from "@/lib/analytics/get-overview";
import type { MonthFigures } from "@/lib/analytics/month-figures";
import { adminPage } from "@/lib/auth/page-guards";

export const metadata: Metadata = { title: "Admin · Overview" };
export const dynamic = "force-dynamic";

type Figure = { key: keyof MonthFigures; label: string; kind: ChartKind; hint: string };

const FIGURES: Figure[] = [
  { key: "mrrCents", label: "MRR", kind: "money", hint: "Active subscriptions, after discounts; yearly ÷ 12" },
  { key: "arrCents", label: "ARR", kind: "money", hint: "MRR × 12" },
  { key: "activeSubscriptions", label: "Active subscriptions", kind: "count", hint: "Status active (trials and past_due excluded)" },
  { key: "newMrrCents", label: "New MRR", kind: "money", hint: "Customers with no MRR at the start of the month" },
  { key: "expansionMrrCents", label: "Expansion MRR", kind: "money", hint: "Increases from existing customers" },
  { key: "contractionMrrCents", label: "Contraction MRR", kind: "money", hint: "Decreases from customers who stayed" },
  { key: "churnedMrrCents", label: "Churned MRR", kind: "money", hint: "MRR of customers who left (or lapsed)" },
  { key: "customerChurnRate", label: "Customer churn", kind: "percent", hint: "Churned ÷ paying customers at month start" },
  { key: "arpuCents", label: "ARPU", kind: "money", hint: "MRR ÷ paying customers" },
  { key: "clvCents", label: "CLV", kind: "money", hint: "ARPU ÷ monthly churn rate" },
  { key: "overageRevenueCents", label: "Overage revenue", kind: "money", hint: "Overage lines on invoices paid this month" },
  { key: "trialConversionRate", label: "Trial → paid", kind: "percent", hint: "Trials ended this month that became active" },
];

function show(kind: ChartKind, v: unknown): string {
  const n = typeof v === "number" ? v : null;
  return kind === "money" ? formatCents(n) : kind === "percent" ? formatPercent(n) : formatCount(n);
}

/** Platform admin overview: every figure for the current month with its 12-month chart (from daily rollups). */
export default async function AdminOverviewPage() {
  await adminPage("/admin");
  const overview = await getOverview();
  const current = overview.current;
  return (
    <>
      <PageHeader
        title="Overview"
        description={current ? `Month to date, as of the ${current.asOf} snapshot. Definitions: docs/METRICS.md.` : "No snapshot yet."}
        actions={
          <SimpleActionButton
            action="snapshotNow"
            input={{}}
            label="Refresh figures"
            title="Take today's snapshot now?"
            description="Recomputes today's subscription snapshot and rollup from the Stripe mirror (the daily job does this at 23:50 UTC)."
            confirmLabel="Refresh"
            done="Refreshed — reload to see the new figures."
          />
        }
      />
      {!current ? (
        <EmptyState title="No figures yet" description="The subscription monitor takes a snapshot daily; use “Refresh figures” to take one now." />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
            {FIGURES.map((f) => (
              <StatCard
                key={f.key}
                label={f.label}
                value={show(f.kind, current[f.key])}
                hint={f.hint}
                chart={
                  <MetricChart
                    label={f.label}
                    kind={f.kind}
                    data={overview.months.map((m) => ({ month: m.month, value: m.figures ? ((m.figures[f.key] as number | null) ?? null) : null }))}
                  />
                }
              />
            ))}
          </div>
          <Card className="mt-6">
            <CardHeader>
              <CardTitle>MRR movements</CardTitle>
              <CardDescription>
                Net new MRR this month: {formatCents(current.netNewMrrCents)} ({formatCents(current.baselineMrrCents)} at the start → {formatCents(current.mrrCents)} now).{" "}
                <Link className="font-medium text-brand-700 hover:underline" href="/admin/organizations?sort=mrr&dir=desc">
                  Customers by MRR
                </Link>{" "}
                ·{" "}
                <Link className="font-medium text-brand-700 hover:underline" href="/admin/invoices?status=paid">
                  Paid invoices
                </Link>
              </CardDescription>
            </CardHeader>
            <CardContent>
              <MovementsChart
                data={overview.months.map((m) => ({
                  month: m.month,
                  newMrr: m.figures?.newMrrCents ?? 0,
                  expansion: m.figures?.expansionMrrCents ?? 0,
                  contraction: m.figures?.contractionMrrCents ?? 0,
                  churned: m.figures?.churnedMrrCents ?? 0,
                }))}
              />
            </CardContent>
          </Card>
          <p className="mt-4 text-xs text-slate-500">
            Paying customers {formatCount(current.payingCustomers)} · trialing {formatCount(current.trialingSubscriptions)} · past due {formatCount(current.pastDueSubscriptions)} · revenue
            collected this month {formatCents(current.revenueCents)} · trials ended {current.trialsEnded}, converted {current.trialsConverted}.
          </p>
        </>
      )}
    </>
  );
}
