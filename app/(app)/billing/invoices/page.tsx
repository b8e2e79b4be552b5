import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Card, CardHeader, CardTitle, CardContent, EmptyState, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { formatDate, formatMoney, formatNumber } from "@/lib/billing-ui/format";
import { getInvoicesTab, INVOICE_STATUS } from "@/lib/billing-ui/get-invoices-tab";

export const metadata: Metadata = { title: "Invoices · Billing" };
export const dynamic = "force-dynamic";

export default async function BillingInvoicesPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { org } = await orgPage("member", "/billing/invoices");
  const sp = await searchParams;
  const tab = await getInvoicesTab(org.id, sp.cursor && /^in_[A-Za-z0-9_]+$/.test(sp.cursor) ? sp.cursor : undefined);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Invoices ({tab.total})</CardTitle>
        </CardHeader>
        {tab.invoices.length === 0 ? (
          <CardContent>
            <EmptyState
              title="No invoices yet"
              description="Invoices appear here when your subscription bills — at the end of a trial or at the start of each period."
              action={
                <Link href="/billing/plans" className="text-sm font-medium text-brand-700 underline">
                  See plans
                </Link>
              }
            />
          </CardContent>
        ) : (
          <Table data-testid="invoice-table">
            <THead>
              <tr>
                <TH>Invoice</TH>
                <TH>Date</TH>
                <TH>Period</TH>
                <TH>Status</TH>
                <TH className="text-right">Amount</TH>
                <TH>
                  <span className="sr-only">Links</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {tab.invoices.map((i) => {
                const s = INVOICE_STATUS[i.status] ?? { label: i.status, tone: "neutral" as const };
                return (
                  <TR key={i.id}>
                    <TD className="font-medium text-slate-900">{i.number ?? i.id}</TD>
                    <TD className="whitespace-nowrap">{formatDate(i.created)}</TD>
                    <TD className="whitespace-nowrap" data-testid="invoice-period">
                      {i.periodStart ? `${formatDate(i.periodStart)} – ${formatDate(i.periodEnd)}` : i.usagePeriodStart ? null : "—"}
                      {i.usagePeriodStart ? (
                        <span className="block text-xs text-slate-500">
                          Usage {formatDate(i.usagePeriodStart)} – {formatDate(i.usagePeriodEnd)}
                        </span>
                      ) : null}
                    </TD>
                    <TD>
                      <Badge tone={s.tone}>{s.label}</Badge>
                    </TD>
                    <TD className="text-right whitespace-nowrap">
                      {formatMoney(i.totalCents, i.currency)}
                      {i.discountCents > 0 ? <span className="block text-xs text-emerald-700">−{formatMoney(i.discountCents, i.currency)} discount</span> : null}
                    </TD>
                    <TD className="space-x-3 whitespace-nowrap text-right">
                      {i.hostedInvoiceUrl ? (
                        <a href={i.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                          {i.status === "open" ? "Pay" : "View"}
                          <span className="sr-only"> invoice {i.number ?? i.id} (opens in a new tab)</span>
                        </a>
                      ) : null}
                      {i.invoicePdf ? (
                        <a href={i.invoicePdf} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                          PDF<span className="sr-only"> of invoice {i.number ?? i.id}</span>
                        </a>
                      ) : null}
                    </TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
        )}
        {tab.nextCursor ? (
          <div className="border-t border-slate-100 px-5 py-3 text-right">
            <Link href={`/billing/invoices?cursor=${tab.nextCursor}`} className="text-sm font-medium text-brand-700 underline">
              Older invoices
            </Link>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>One-time payments</CardTitle>
        </CardHeader>
        {tab.oneTime.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">
              No one-time payments. <Link href="/billing/credits" className="text-brand-700 underline">Buy a credit pack</Link> when you need more credits.
            </p>
          </CardContent>
        ) : (
          <Table data-testid="one-time-table">
            <THead>
              <tr>
                <TH>Date</TH>
                <TH>Description</TH>
                <TH className="text-right">Credits</TH>
                <TH className="text-right">Amount</TH>
                <TH>
                  <span className="sr-only">Receipt</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {tab.oneTime.map((p) => (
                <TR key={p.id}>
                  <TD className="whitespace-nowrap">{formatDate(p.createdAt)}</TD>
                  <TD>{p.description}</TD>
                  <TD className="text-right">{formatNumber(p.credits)}</TD>
                  <TD className="text-right">{p.amountCents === null ? "—" : formatMoney(p.amountCents)}</TD>
                  <TD className="text-right">
                    {p.reference.startsWith("cs_") ? (
                      <a href={`/billing/invoices/receipt/${p.reference}`} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                        Receipt<span className="sr-only"> for {p.description} (opens in a new tab)</span>
                      </a>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
