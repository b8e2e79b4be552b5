import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, formatDateTime } from "@/components/admin/format";
import { SimpleActionButton } from "@/components/admin/simple-action-button";
import { StatusBadge } from "@/components/admin/status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { getHealthLists, type HealthItem } from "@/lib/analytics/get-health-lists";
import { adminPage } from "@/lib/auth/page-guards";
import { getDeliveryHealth } from "@/lib/events/get-delivery-health";
import { getPlan } from "@/lib/billing/catalog";

export const metadata: Metadata = { title: "Admin · Subscription health" };
export const dynamic = "force-dynamic";

function HealthTable({ title, description, items, when, days }: { title: string; description: string; items: HealthItem[]; when: string; days?: string }) {
  return (
    <Card className="mb-6">
      <CardHeader>
        <CardTitle>
          {title} <span className="ml-1 text-sm font-normal text-slate-500">({items.length})</span>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      {items.length === 0 ? (
        <CardContent>
          <p className="text-sm text-slate-500">Nothing here.</p>
        </CardContent>
      ) : (
        <Table>
          <THead>
            <TR>
              <TH>Organisation</TH>
              <TH>Plan</TH>
              <TH>Status</TH>
              <TH>{when}</TH>
              {days ? <TH>{days}</TH> : null}
              <TH>Action</TH>
            </TR>
          </THead>
          <TBody>
            {items.map((i) => (
              <TR key={i.subscriptionId}>
                <TD>
                  <Link href={`/admin/organizations/${i.orgId}`} className="font-medium text-brand-700 hover:underline">
                    {i.orgName}
                  </Link>
                </TD>
                <TD>{getPlan(i.planKey)?.name ?? i.planKey}</TD>
                <TD>
                  <StatusBadge status={i.status} />
                </TD>
                <TD>{formatDate(i.at)}</TD>
                {days ? <TD className="tabular-nums">{i.daysLeft ?? "—"}</TD> : null}
                <TD className="max-w-sm text-xs text-slate-600">
                  {i.action}{" "}
                  <Link href={`/admin/organizations/${i.orgId}`} className="font-medium text-brand-700 hover:underline">
                    Open
                  </Link>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}

/** Subscription health: what needs attention, each with the action to take. */
export default async function AdminHealthPage() {
  await adminPage("/admin/health");
  const [h, d] = await Promise.all([getHealthLists(), getDeliveryHealth()]);
  return (
    <>
      <PageHeader
        title="Subscription health"
        description={`Grace period: ${h.gracePeriodDays} days after a payment fails.`}
        actions={
          <SimpleActionButton
            action="reconcileNow"
            input={{}}
            label="Reconcile now"
            title="Compare every organisation with Stripe now?"
            description="Each customer is re-read from Stripe; drift is repaired and reported below."
            confirmLabel="Reconcile"
            done="Reconciled — reload to see the report."
          />
        }
      />
      <HealthTable title="Past due" description="Payment failed; access continues until the grace period ends, then free-plan limits apply." items={h.pastDue} when="Grace ends" days="Days left" />
      <HealthTable title="Trials ending within 7 days" description="Make sure they have a payment method." items={h.trialsEnding} when="Trial ends" days="Days left" />
      <HealthTable title="Cancelling at period end" description="Still paying until the period ends." items={h.cancelling} when="Ends" days="Days left" />
      <HealthTable title="Incomplete" description="The first payment needs action or failed." items={h.incomplete} when="Created" />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>
            Out of sync with Stripe <span className="ml-1 text-sm font-normal text-slate-500">({h.outOfSync.length})</span>
          </CardTitle>
          <CardDescription>From the latest reconciler run{h.outOfSync[0] ? ` (${formatDateTime(h.outOfSync[0].runAt)})` : ""}.</CardDescription>
        </CardHeader>
        {h.outOfSync.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">The last run found no drift.</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Organisation</TH>
                <TH>What differed</TH>
                <TH>Result</TH>
                <TH>Action</TH>
              </TR>
            </THead>
            <TBody>
              {h.outOfSync.map((o) => (
                <TR key={`${o.runId}:${o.orgId}`}>
                  <TD>
                    <Link href={`/admin/organizations/${o.orgId}`} className="font-medium text-brand-700 hover:underline">
                      {o.orgId}
                    </Link>
                  </TD>
                  <TD>
                    <pre className="max-h-40 max-w-xl overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs">{JSON.stringify(o.differences, null, 1)}</pre>
                  </TD>
                  <TD>{o.error ? <span className="text-red-700">Error: {o.error}</span> : o.fixed ? "Repaired" : "Reported (not repairable by sync)"}</TD>
                  <TD>
                    {o.customerId ? (
                      <SimpleActionButton
                        action="syncCustomer"
                        input={{ orgId: o.orgId }}
                        label="Sync now"
                        title="Re-read this customer from Stripe?"
                        confirmLabel="Sync now"
                        done="Synced."
                      />
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>
            Email and event delivery{" "}
            <span className="ml-1 text-sm font-normal text-slate-500">
              ({d.email.failing} failing, {d.email.dead} dead emails; {d.events.failed} failed, {d.events.overdue} overdue events)
            </span>
          </CardTitle>
          <CardDescription>
            Notices are emailed by a job: a failed send is retried with backoff (about 2 hours in all), then marked dead. Domain events fan out to
            notifications and email; the sweeper re-queues any left behind.
          </CardDescription>
        </CardHeader>
        {d.email.recent.length === 0 && d.events.recentFailed.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">Every email was sent and every event delivered.</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>What</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>Next attempt</TH>
                <TH>Last error</TH>
              </TR>
            </THead>
            <TBody>
              {d.email.recent.map((e) => (
                <TR key={e.id}>
                  <TD>
                    Email “{e.subject}” to {e.to}
                  </TD>
                  <TD>
                    <StatusBadge status={e.status === "dead" ? "dead" : "retrying"} />
                  </TD>
                  <TD className="tabular-nums">{e.attempts}</TD>
                  <TD>{e.status === "dead" ? "—" : formatDateTime(e.nextAttemptAt)}</TD>
                  <TD className="max-w-sm text-xs text-red-700">{e.lastError}</TD>
                </TR>
              ))}
              {d.events.recentFailed.map((e) => (
                <TR key={e.id}>
                  <TD>
                    Event {e.type} ({e.id})
                  </TD>
                  <TD>
                    <StatusBadge status="failed" />
                  </TD>
                  <TD className="tabular-nums">{e.attempts}</TD>
                  <TD>—</TD>
                  <TD className="max-w-sm text-xs text-red-700">{e.lastError}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>
            Outbound webhooks{" "}
            <span className="ml-1 text-sm font-normal text-slate-500">
              ({d.webhooks.failing} failing, {d.webhooks.dead} dead, {d.webhooks.stuck} stuck deliveries)
            </span>
          </CardTitle>
          <CardDescription>
            Events sent to customers&apos; endpoints: a failed attempt is retried with backoff (about 3 days in all), then marked dead; an endpoint failing
            throughout is disabled and its owners told. Customers re-send from Settings → Webhooks or the API.
          </CardDescription>
        </CardHeader>
        {d.webhooks.recent.length === 0 ? (
          <CardContent>
            <p className="text-sm text-slate-500">No webhook delivery is failing.</p>
          </CardContent>
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Endpoint</TH>
                <TH>Event</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>Next attempt</TH>
                <TH>Last error</TH>
              </TR>
            </THead>
            <TBody>
              {d.webhooks.recent.map((w) => (
                <TR key={w.id}>
                  <TD>
                    <Link href={`/admin/organizations/${w.orgId}`} className="font-medium text-brand-700 hover:underline">
                      {w.orgId}
                    </Link>
                    <div className="max-w-xs truncate text-xs text-slate-500" title={w.url}>
                      {w.url}
                      {w.endpointEnabled ? "" : " (disabled)"}
                    </div>
                  </TD>
                  <TD className="text-xs">{w.eventType}</TD>
                  <TD>
                    <StatusBadge status={w.status === "dead" ? "dead" : "retrying"} />
                  </TD>
                  <TD className="tabular-nums">{w.attempts}</TD>
                  <TD>{w.status === "dead" ? "—" : formatDateTime(w.nextAttemptAt)}</TD>
                  <TD className="max-w-sm text-xs text-red-700">{w.lastError}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Alerts</CardTitle>
          <CardDescription>Unusual usage (an hour above 5× the 7-day hourly mean).</CardDescription>
        </CardHeader>
        <CardContent>
          {h.alerts.length === 0 ? (
            <p className="text-sm text-slate-500">No alerts.</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {h.alerts.map((a) => (
                <li key={a.id}>
                  <span className="text-xs text-slate-500">{formatDateTime(a.createdAt)}</span> {a.title}{" "}
                  {a.orgId ? (
                    <Link href={`/admin/organizations/${a.orgId}`} className="text-brand-700 hover:underline">
                      {a.orgId}
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}
