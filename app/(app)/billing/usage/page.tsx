import type { Metadata } from "next";
import Link from "next/link";
import { UsageChart } from "@/components/billing/usage-chart";
import { UsageBarView } from "@/components/billing/usage-bar";
import { Card, CardContent, CardHeader, CardTitle, EmptyState, Table, TBody, TD, TH, THead, TR, cn } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { formatDate, formatNumber } from "@/lib/billing-ui/format";
import { getUsageTab } from "@/lib/billing-ui/get-usage-tab";

export const metadata: Metadata = { title: "Usage · Billing" };
export const dynamic = "force-dynamic";

export default async function BillingUsagePage({ searchParams }: { searchParams: Promise<{ period?: string }> }) {
  const { org } = await orgPage("member", "/billing/usage");
  const sp = await searchParams;
  const period = sp.period && /^\d{4}-\d{2}$/.test(sp.period) ? sp.period : "current";
  const tab = await getUsageTab(org.id, period);
  const sums = tab.metrics.filter((m) => m.kind === "sum");
  const anyUsage = tab.series.some((r) => sums.some((m) => Number(r[m.key]) > 0));
  return (
    <div className="space-y-6">
      <nav aria-label="Usage period" className="flex flex-wrap gap-2">
        {tab.choices.map((c) => (
          <Link
            key={c.value}
            href={c.value === "current" ? "/billing/usage" : `/billing/usage?period=${c.value}`}
            aria-current={c.value === period ? "page" : undefined}
            className={cn("rounded-full border px-3 py-1 text-sm", c.value === period ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 text-slate-600 hover:bg-slate-100")}
          >
            {c.label}
          </Link>
        ))}
      </nav>
      <p className="text-sm text-slate-600">
        {formatDate(tab.period.start)} – {formatDate(tab.period.end)} · {tab.planName} plan
      </p>
      <Card>
        <CardHeader>
          <CardTitle>Allowances</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          {tab.bars.map((b) => (
            <UsageBarView key={b.metric} bar={b} />
          ))}
        </CardContent>
      </Card>
      {anyUsage ? (
        <div className="grid gap-6 lg:grid-cols-2">
          {sums.map((m) => (
            <Card key={m.key}>
              <CardHeader>
                <CardTitle>{m.name} per day</CardTitle>
              </CardHeader>
              <CardContent>
                <UsageChart data={tab.series} metric={m.key} name={m.name} unit={m.unit} />
              </CardContent>
            </Card>
          ))}
        </div>
      ) : (
        <EmptyState
          title="No usage in this period yet"
          description="Record usage from your backend with your API key (POST /api/v1/usage) or call the metered API; it shows up here within seconds."
          action={
            <Link href="/settings/api-keys" className="text-sm font-medium text-brand-700 underline">
              Get an API key
            </Link>
          }
        />
      )}
      <Card>
        <CardHeader>
          <CardTitle>By endpoint</CardTitle>
        </CardHeader>
        {tab.endpoints.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">No metered API calls in this period.</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Endpoint</TH>
                <TH>Metric</TH>
                <TH className="text-right">Requests</TH>
                <TH className="text-right">Units</TH>
                <TH className="text-right">Share</TH>
              </tr>
            </THead>
            <TBody>
              {tab.endpoints.map((e) => (
                <TR key={`${e.metric}:${e.endpoint}`}>
                  <TD>
                    <code className="font-mono text-xs">{e.endpoint}</code>
                  </TD>
                  <TD>{e.metric}</TD>
                  <TD className="text-right">{formatNumber(e.requests)}</TD>
                  <TD className="text-right">{formatNumber(e.quantity)}</TD>
                  <TD className="text-right">{e.share}%</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
