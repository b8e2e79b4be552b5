import type { Metadata } from "next";
import Link from "next/link";
import { BuyPackButton, ThresholdForm } from "@/components/billing/credit-forms";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Table, TBody, TD, TH, THead, TR, cn } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { formatDate, formatMoney, formatNumber } from "@/lib/billing-ui/format";
import { getCreditsTab } from "@/lib/billing-ui/get-credits-tab";
import { confirmPackPurchase } from "@/lib/billing/confirm-pack-purchase";
import { cardLabel, listPaymentMethods } from "@/lib/billing/payment-methods";
import { roleAtLeast } from "@/lib/orgs/roles";

export const metadata: Metadata = { title: "Credits · Billing" };
export const dynamic = "force-dynamic";

const SOURCES = [
  ["purchased", "Purchased", "Never expire"],
  ["subscription", "From your plan", "Expire at the end of each period"],
  ["promotional", "Promotional", "May expire"],
  ["adjustment", "Adjustments", "May expire"],
] as const;

export default async function BillingCreditsPage({ searchParams }: { searchParams: Promise<{ before?: string; purchase?: string; session_id?: string }> }) {
  const { org, role, actor } = await orgPage("member", "/billing/credits");
  const sp = await searchParams;
  // Back from paying: the pack is granted now (if the webhook has not yet), so the balance below is the new one.
  const purchase =
    sp.purchase === "success" && sp.session_id && /^cs_[A-Za-z0-9_]{1,200}$/.test(sp.session_id)
      ? await confirmPackPurchase({ orgId: org.id, sessionId: sp.session_id, actor }).catch(() => null)
      : null;
  const before = sp.before && /^\d{1,15}$/.test(sp.before) ? Number(sp.before) : undefined;
  const tab = await getCreditsTab(org.id, { before });
  const canManage = roleAtLeast(role, "admin");
  // The saved cards, default first, offered before a new card at checkout.
  const savedCards = canManage ? (await listPaymentMethods(org.id)).map((c) => ({ id: c.id, label: `${cardLabel(c)}${c.isDefault ? " (default)" : ""}` })) : [];
  const b = tab.balance;
  return (
    <div className="space-y-6">
      {purchase?.paid ? (
        <Alert tone="success" title="Payment received" data-testid="purchase-success">
          {purchase.credits ? `${formatNumber(purchase.credits)} credits added` : "Credits added"}
          {purchase.amountCents !== null ? ` for ${formatMoney(purchase.amountCents)}` : ""}; your balance is {formatNumber(purchase.balance)} credits.
          {purchase.receiptUrl ? (
            <>
              {" "}
              <a href={purchase.receiptUrl} target="_blank" rel="noreferrer" className="font-medium underline" data-testid="purchase-receipt">
                View the receipt
              </a>
            </>
          ) : null}
        </Alert>
      ) : sp.purchase === "success" ? (
        <Alert tone="info" title="Payment processing" data-testid="purchase-success">
          Your credits are added as soon as the payment is confirmed.
        </Alert>
      ) : sp.purchase === "cancelled" ? (
        <Alert tone="info">The purchase was cancelled; nothing was charged.</Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>Balance</CardTitle>
          </CardHeader>
          <CardContent>
            <p className="text-3xl font-semibold tracking-tight" data-testid="credits-balance">
              {formatNumber(b.balance)}
            </p>
            <p className="text-sm text-slate-500">credits available{b.held > 0 ? ` · ${formatNumber(b.held)} reserved` : ""}</p>
            <dl className="mt-4 space-y-2 text-sm">
              {SOURCES.map(([key, label, note]) => (
                <div key={key} className="flex justify-between gap-3" data-testid={`credits-source-${key}`}>
                  <dt>
                    {label}
                    <span className="block text-xs text-slate-500">{note}</span>
                  </dt>
                  <dd className="font-medium">{formatNumber(b.by_source[key] ?? 0)}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Buy credits</CardTitle>
            <CardDescription>Purchased credits never expire and are used before your plan&apos;s credits.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3 sm:grid-cols-3">
            {tab.packs.map((p) => (
              <div key={p.key} className="rounded-md border border-slate-200 p-3" data-testid={`pack-${p.key}`}>
                <p className="font-semibold text-slate-900">{p.name}</p>
                <p className="text-sm text-slate-600">{formatMoney(p.priceCents)}</p>
                <p className="text-xs text-slate-500">{(p.centsPerCredit * 1).toFixed(2)}¢ per credit</p>
                <div className="mt-2">
                  <BuyPackButton orgId={org.id} packKey={p.key} label={`Buy ${p.name} for ${formatMoney(p.priceCents)}`} name={p.name} price={formatMoney(p.priceCents)} disabled={!canManage} savedCards={savedCards} />
                </div>
              </div>
            ))}
          </CardContent>
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>Expiring soon</CardTitle>
          </CardHeader>
          <CardContent>
            {b.expiring_soon.length === 0 ? (
              <p className="text-sm text-slate-500">Nothing expires in the next 30 days.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {b.expiring_soon.map((g) => (
                  <li key={g.grant_id} className="flex justify-between">
                    <span>{formatNumber(g.remaining)} credits</span>
                    <span className="text-slate-600">{formatDate(g.expires_at)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Low-balance alert</CardTitle>
            <CardDescription>Get a notification (and an email to the billing address) when the balance drops below this.</CardDescription>
          </CardHeader>
          <CardContent>
            <ThresholdForm orgId={org.id} value={b.low_balance_threshold} disabled={!canManage} />
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
        </CardHeader>
        {tab.transactions.length === 0 ? (
          <CardContent>
            <EmptyState title="No credit activity yet" description="Credits from your plan and purchased packs appear here, with every use and the balance after it." />
          </CardContent>
        ) : (
          <>
            <Table data-testid="credit-history">
              <THead>
                <tr>
                  <TH>Date</TH>
                  <TH>Activity</TH>
                  <TH className="text-right">Credits</TH>
                  <TH className="text-right">Balance</TH>
                </tr>
              </THead>
              <TBody>
                {tab.transactions.map((t) => (
                  <TR key={t.id}>
                    <TD className="whitespace-nowrap">{formatDate(t.createdAt)}</TD>
                    <TD>
                      {t.label}
                      {t.detail ? <span className="block text-xs text-slate-500">{t.detail}</span> : null}
                    </TD>
                    <TD className={cn("text-right font-medium", t.amount >= 0 ? "text-emerald-700" : "text-slate-900")}>
                      {t.amount >= 0 ? "+" : "−"}
                      {formatNumber(Math.abs(t.amount))}
                    </TD>
                    <TD className="text-right">{formatNumber(t.balanceAfter)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            {tab.nextBefore ? (
              <div className="border-t border-slate-100 px-5 py-3 text-right">
                <Link href={`/billing/credits?before=${tab.nextBefore}`} className="text-sm font-medium text-brand-700 underline">
                  Older activity
                </Link>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
