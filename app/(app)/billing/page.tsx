import type { Metadata } from "next";
import Link from "next/link";
import { BannerList } from "@/components/billing/banner-list";
import { UsageBarView } from "@/components/billing/usage-bar";
import { Alert, Badge, ButtonLink, Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { formatDate, formatMoney, formatNumber } from "@/lib/billing-ui/format";
import { getBillingOverview } from "@/lib/billing-ui/get-overview";
import { confirmCheckoutSession } from "@/lib/billing/create-checkout-session";

export const metadata: Metadata = { title: "Billing" };
export const dynamic = "force-dynamic";

export default async function BillingOverviewPage({ searchParams }: { searchParams: Promise<{ checkout?: string; session_id?: string }> }) {
  const { org, actor } = await orgPage("member", "/billing");
  const sp = await searchParams;
  // Back from Checkout: sync the mirror now so the new subscription shows before the webhook lands.
  const returned = sp.checkout === "success" && sp.session_id && /^cs_[A-Za-z0-9_]+$/.test(sp.session_id) ? await confirmCheckoutSession(org.id, sp.session_id, actor).catch(() => null) : null;
  const o = await getBillingOverview(org.id);
  return (
    <>
      {sp.checkout === "success" ? (
        <Alert tone={returned ? "success" : "info"} className="mb-6" title={returned ? "You are subscribed" : "Checkout complete"}>
          {returned ? "Thanks! Your plan is active below." : "Your subscription will appear here in a few seconds. Refresh if it does not."}
        </Alert>
      ) : sp.checkout === "cancelled" ? (
        <Alert tone="info" className="mb-6">
          Checkout was cancelled; nothing was charged.
        </Alert>
      ) : null}
      <BannerList banners={o.banners} />
      {o.upgrade ? (
        <Alert tone="warning" title={`Upgrade to ${o.upgrade.nextPlan.name}?`} className="mb-6" data-testid="upgrade-prompt">
          <p>
            {o.upgrade.message}{" "}
            <Link href="/billing/plans" className="font-medium underline underline-offset-2">
              Compare plans
            </Link>
          </p>
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader className="flex flex-wrap items-center justify-between gap-2">
            <CardTitle>
              <span data-testid="current-plan">{o.plan.name}</span> plan
              {o.plan.interval ? <span className="ml-1 text-sm font-normal text-slate-500">· billed {o.plan.interval === "year" ? "yearly" : "monthly"}</span> : null}
            </CardTitle>
            <div className="flex items-center gap-2">
              {o.plan.restricted ? (
                <Badge tone="danger" data-testid="plan-restricted">
                  {o.plan.limitsPlanName}-plan limits
                </Badge>
              ) : null}
              <Badge tone={o.status.tone} data-testid="subscription-status">
                {o.status.label}
              </Badge>
            </div>
          </CardHeader>
          <CardContent className="space-y-5">
            <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-500">Current period</dt>
                <dd className="font-medium text-slate-900">
                  {formatDate(o.period.start)} – {formatDate(o.period.end)}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Days left</dt>
                <dd className="font-medium text-slate-900">{o.period.daysLeft}</dd>
              </div>
              {o.plan.amountCents > 0 ? (
                <div>
                  <dt className="text-slate-500">Price</dt>
                  <dd className="font-medium text-slate-900">
                    {formatMoney(o.plan.amountCents)}/{o.plan.interval === "year" ? "year" : "month"}
                  </dd>
                </div>
              ) : null}
              {o.discount ? (
                <div>
                  <dt className="text-slate-500">Discount</dt>
                  <dd className="font-medium text-emerald-700" data-testid="subscription-discount">
                    {o.discount}
                  </dd>
                </div>
              ) : null}
            </dl>
            <section aria-labelledby="usage-heading" className="space-y-4">
              <h3 id="usage-heading" className="text-sm font-semibold text-slate-900">
                Usage this period
              </h3>
              {o.bars.map((b) => (
                <UsageBarView key={b.metric} bar={b} />
              ))}
              <p className="text-xs text-slate-500">
                <Link href="/billing/usage" className="underline">
                  Daily usage and endpoints
                </Link>
              </p>
            </section>
          </CardContent>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>Credits</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="text-3xl font-semibold tracking-tight text-slate-900" data-testid="credit-balance">
                {formatNumber(o.credits.balance)}
              </p>
              <p className="text-sm text-slate-500">credits available</p>
              {o.credits.low ? <p className="mt-2 text-sm text-red-700">Below your low-balance threshold.</p> : null}
              {o.credits.expiringSoon > 0 ? <p className="mt-2 text-sm text-amber-800">{formatNumber(o.credits.expiringSoon)} expire in the next 30 days.</p> : null}
              <ButtonLink href="/billing/credits" variant="secondary" size="sm" className="mt-3">
                Buy credits
              </ButtonLink>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>{o.nextInvoice?.final ? "Final invoice" : "Next invoice"}</CardTitle>
            </CardHeader>
            <CardContent>
              {o.nextInvoice ? (
                <dl className="space-y-1 text-sm" data-testid="next-invoice">
                  <div className="flex justify-between">
                    <dt className="text-slate-500">Date</dt>
                    <dd>{formatDate(o.nextInvoice.date)}</dd>
                  </div>
                  {o.nextInvoice.final ? (
                    <p className="text-slate-500">Your {o.plan.name} plan ends then: nothing more is charged for it{o.nextInvoice.overageCents > 0 ? ", only this period's overage" : ""}.</p>
                  ) : (
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Subscription</dt>
                      <dd>{formatMoney(o.nextInvoice.subscriptionCents, o.nextInvoice.currency)}</dd>
                    </div>
                  )}
                  {o.nextInvoice.overageCents > 0 ? (
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Overage so far</dt>
                      <dd>{formatMoney(o.nextInvoice.overageCents, o.nextInvoice.currency)}</dd>
                    </div>
                  ) : null}
                  {o.nextInvoice.discountCents > 0 ? (
                    <div className="flex justify-between">
                      <dt className="text-slate-500">Discount</dt>
                      <dd className="text-emerald-700">−{formatMoney(o.nextInvoice.discountCents, o.nextInvoice.currency)}</dd>
                    </div>
                  ) : null}
                  <div className="flex justify-between border-t border-slate-100 pt-1 font-semibold">
                    <dt>Estimated total</dt>
                    <dd>{formatMoney(o.nextInvoice.totalCents, o.nextInvoice.currency)}</dd>
                  </div>
                </dl>
              ) : (
                <p className="text-sm text-slate-500">
                  No upcoming invoice.{" "}
                  <Link href="/billing/plans" className="font-medium text-brand-700 underline">
                    Choose a paid plan
                  </Link>{" "}
                  for higher limits.
                </p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
