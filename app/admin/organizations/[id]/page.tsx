import type { Metadata } from "next";
import Link from "next/link";
import { CancelSubscriptionForm } from "@/components/admin/cancel-subscription-form";
import { CompPlanForm } from "@/components/admin/comp-plan-form";
import { CreditAdjustForm } from "@/components/admin/credit-adjust-form";
import { AuditPerson } from "@/components/admin/audit-person";
import { formatCents, formatCount, formatDate, formatDateTime } from "@/components/admin/format";
import { UsageChart } from "@/components/admin/metric-chart";
import { SimpleActionButton } from "@/components/admin/simple-action-button";
import { StatusBadge } from "@/components/admin/status-badge";
import { Badge, Card, CardContent, CardHeader, CardTitle, EmptyState, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { getOrganizationDetail } from "@/lib/analytics/get-organization-detail";
import { adminPage } from "@/lib/auth/page-guards";
import { catalog, getPlan } from "@/lib/billing/catalog";

export const metadata: Metadata = { title: "Admin · Organisation" };
export const dynamic = "force-dynamic";

const mrrOf = (s: { status: string; interval: string; amountCents: number }) => (s.status === "active" ? (s.interval === "year" ? Math.round(s.amountCents / 12) : s.amountCents) : 0);

/** One organisation: subscription, invoices, usage, credits, Stripe events, audit trail, and admin actions. */
export default async function AdminOrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await adminPage(`/admin/organizations/${id}`);
  const d = await getOrganizationDetail(id);
  const sub = d.subscription;
  const plan = getPlan(sub?.planKey ?? "free");
  const headline = catalog.headlineMetric;
  const daily = d.usageDaily.filter((u) => u.metric === headline);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/organizations" className="font-medium text-brand-700 hover:underline">
          ← Organisations
        </Link>
      </p>
      <PageHeader
        title={d.org.name}
        description={`${d.org.id} · Stripe customer ${d.org.stripeCustomerId ?? "none"} · billing email ${d.org.billingEmail ?? "—"}`}
        actions={
          d.org.stripeCustomerId ? (
            <SimpleActionButton
              action="syncCustomer"
              input={{ orgId: d.org.id }}
              label="Sync from Stripe now"
              title="Re-read this customer from Stripe?"
              description="Subscriptions, invoices and payment methods are re-read and the mirror is repaired; each change is audited."
              confirmLabel="Sync now"
              done="Synced — reload to see changes."
            />
          ) : undefined
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Subscription</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm">
            {sub ? (
              <>
                <p>
                  {plan?.name ?? sub.planKey} ({sub.interval}ly) <StatusBadge status={sub.status} /> {sub.cancelAtPeriodEnd ? <span className="text-amber-700">cancels at period end</span> : null}
                </p>
                <p className="text-slate-600">
                  {formatCents(sub.amountCents, sub.currency)} per {sub.interval} · MRR {formatCents(mrrOf(sub))} · period {formatDate(sub.currentPeriodStart)} → {formatDate(sub.currentPeriodEnd)}
                  {sub.trialEnd ? ` · trial ends ${formatDate(sub.trialEnd)}` : ""}
                  {sub.pastDueSince ? ` · past due since ${formatDate(sub.pastDueSince)}` : ""}
                </p>
                <p className="font-mono text-xs text-slate-500">{sub.id}</p>
                <CancelSubscriptionForm orgId={d.org.id} subscriptionId={sub.id} planName={plan?.name ?? sub.planKey} />
              </>
            ) : (
              <>
                <p className="text-slate-600">No live subscription (free plan).</p>
                <CompPlanForm orgId={d.org.id} plans={catalog.plans.filter((p) => p.prices.monthly > 0).map((p) => ({ key: p.key, name: p.name }))} />
              </>
            )}
            {d.subscriptions.length > 1 ? (
              <details className="text-xs text-slate-600">
                <summary className="cursor-pointer">All subscriptions ({d.subscriptions.length})</summary>
                <ul className="mt-2 space-y-1">
                  {d.subscriptions.map((s) => (
                    <li key={s.id}>
                      <span className="font-mono">{s.id}</span> {s.planKey} {s.status} since {formatDate(s.createdAt)}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Credits</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <p className="text-sm">
              Balance <span className="text-lg font-semibold tabular-nums">{formatCount(d.creditBalance)}</span>
            </p>
            <CreditAdjustForm orgId={d.org.id} balance={d.creditBalance} />
          </CardContent>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Usage</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          {d.usage.length ? (
            <ul className="grid gap-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
              {d.usage.map((u) => (
                <li key={u.metric} className="rounded border border-slate-200 p-3">
                  <div className="text-xs uppercase text-slate-500">{catalog.metrics.find((m) => m.key === u.metric)?.name ?? u.metric}</div>
                  <div className="tabular-nums">
                    {formatCount(u.used)} / {u.included === null ? "unlimited" : formatCount(u.included)}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">No usage this period.</p>
          )}
          {daily.length ? <UsageChart label={catalog.metrics.find((m) => m.key === headline)?.name ?? headline} data={daily} /> : null}
        </CardContent>
      </Card>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Invoices</CardTitle>
        </CardHeader>
        {d.invoices.length ? (
          <Table>
            <THead>
              <TR>
                <TH>Number</TH>
                <TH>Status</TH>
                <TH>Total</TH>
                <TH>Paid</TH>
                <TH>Created</TH>
              </TR>
            </THead>
            <TBody>
              {d.invoices.map((i) => (
                <TR key={i.id}>
                  <TD>
                    {i.hostedInvoiceUrl ? (
                      <a href={i.hostedInvoiceUrl} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">
                        {i.number ?? i.id}
                      </a>
                    ) : (
                      (i.number ?? i.id)
                    )}
                  </TD>
                  <TD>
                    <StatusBadge status={i.status} />
                  </TD>
                  <TD className="tabular-nums">{formatCents(i.totalCents, i.currency)}</TD>
                  <TD className="tabular-nums">{formatCents(i.amountPaidCents, i.currency)}</TD>
                  <TD>{formatDate(i.created)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        ) : (
          <CardContent>
            <EmptyState title="No invoices" />
          </CardContent>
        )}
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Credit ledger</CardTitle>
          </CardHeader>
          {d.ledger.length ? (
            <Table>
              <THead>
                <TR>
                  <TH>When</TH>
                  <TH>Kind</TH>
                  <TH>Amount</TH>
                  <TH>Balance after</TH>
                  <TH>Note</TH>
                </TR>
              </THead>
              <TBody>
                {d.ledger.map((t) => (
                  <TR key={t.id}>
                    <TD className="whitespace-nowrap text-xs">{formatDateTime(t.createdAt)}</TD>
                    <TD>{t.kind}</TD>
                    <TD className="tabular-nums">{t.amount > 0 ? `+${formatCount(t.amount)}` : formatCount(t.amount)}</TD>
                    <TD className="tabular-nums">{formatCount(t.balanceAfter)}</TD>
                    <TD className="text-xs text-slate-500">{typeof t.metadata?.reason === "string" ? t.metadata.reason : ""}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : (
            <CardContent>
              <EmptyState title="No credit transactions" />
            </CardContent>
          )}
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Stripe events</CardTitle>
          </CardHeader>
          {d.events.length ? (
            <Table>
              <THead>
                <TR>
                  <TH>Type</TH>
                  <TH>Status</TH>
                  <TH>Created</TH>
                </TR>
              </THead>
              <TBody>
                {d.events.map((e) => (
                  <TR key={e.id}>
                    <TD className="font-mono text-xs">{e.type}</TD>
                    <TD>
                      <StatusBadge status={e.status} />
                    </TD>
                    <TD className="whitespace-nowrap text-xs">{formatDateTime(e.created)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : (
            <CardContent>
              <EmptyState title="No Stripe events" />
            </CardContent>
          )}
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Members ({d.members.length})</CardTitle>
        </CardHeader>
        {d.members.length ? (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Email</TH>
                <TH>Role</TH>
                <TH>Joined</TH>
              </TR>
            </THead>
            <TBody>
              {d.members.map((m) => (
                <TR key={m.userId}>
                  <TD className="text-sm font-medium text-slate-900">{m.name ?? "—"}</TD>
                  <TD className="text-sm">{m.email}</TD>
                  <TD>
                    <Badge tone={m.role === "member" ? "neutral" : "brand"}>{m.role}</Badge>
                  </TD>
                  <TD className="whitespace-nowrap text-xs">{formatDate(m.joinedAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        ) : (
          <CardContent>
            <EmptyState title="No members" description="An organisation without members: nobody can sign in to it." />
          </CardContent>
        )}
        {d.pendingInvitations.length ? (
          <CardContent className="text-sm text-slate-600">
            Pending invitations: {d.pendingInvitations.map((p) => `${p.email} (${p.role})`).join(", ")}
          </CardContent>
        ) : null}
      </Card>

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Audit trail</CardTitle>
        </CardHeader>
        {d.audit.length ? (
          <Table>
            <THead>
              <TR>
                <TH>When</TH>
                <TH>Actor</TH>
                <TH>Action</TH>
                <TH>Target</TH>
              </TR>
            </THead>
            <TBody>
              {d.audit.map((a) => (
                <TR key={a.id}>
                  <TD className="whitespace-nowrap text-xs">{formatDateTime(a.at)}</TD>
                  <TD className="text-xs">
                    <AuditPerson id={a.actorId} people={d.people} kind={a.actorType} />
                  </TD>
                  <TD className="font-mono text-xs">{a.action}</TD>
                  <TD className="text-xs">
                    <AuditPerson id={a.target} people={d.people} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        ) : (
          <CardContent>
            <EmptyState title="No audit entries" />
          </CardContent>
        )}
        <CardContent>
          <Link href={`/admin/audit?orgId=${encodeURIComponent(d.org.id)}`} className="text-sm font-medium text-brand-700 hover:underline">
            Full audit log for this organisation
          </Link>
        </CardContent>
      </Card>
    </>
  );
}
