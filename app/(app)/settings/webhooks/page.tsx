import type { Metadata } from "next";
import { WebhookEndpointControls, ResendDeliveryButton } from "@/components/settings/webhook-endpoint-controls";
import { WebhookEndpointForm } from "@/components/settings/webhook-endpoint-form";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TBody, TD, TH, THead, TR, type BadgeTone } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { EVENT_TYPES } from "@/lib/events/schema";
import { roleAtLeast } from "@/lib/orgs/roles";
import { listWebhookDeliveries } from "@/lib/webhooks-out/deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks-out/endpoints";

export const metadata: Metadata = { title: "Webhooks" };

const when = (d: Date | null) =>
  d ? d.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" }) + " UTC" : "–";

const TONE: Record<string, BadgeTone> = { succeeded: "success", failed: "warning", dead: "danger", pending: "neutral", sending: "brand" };

export default async function WebhooksPage() {
  const { org, role } = await orgPage("member", "/settings/webhooks");
  const description = (
    <>
      Your backend hears about billing changes as they happen: we POST each event, signed per{" "}
      <a className="underline" href="https://www.standardwebhooks.com/">
        Standard Webhooks
      </a>
      , and retry failed deliveries with backoff for about 3 days. Delivery is at least once and not ordered: dedupe on <code className="font-mono text-xs">webhook-id</code>, order by <code className="font-mono text-xs">occurred_at</code>.
    </>
  );
  if (!roleAtLeast(role, "admin")) {
    return (
      <>
        <PageHeader title="Webhooks" description={description} />
        <Alert tone="info" title="Only owners and admins can manage webhooks">
          Ask an owner or admin of {org.name} to add an endpoint.
        </Alert>
      </>
    );
  }
  const endpoints = await listWebhookEndpoints(org.id);
  const logs = await Promise.all(endpoints.map((e) => listWebhookDeliveries(org.id, e.id, 20)));
  return (
    <>
      <PageHeader title="Webhooks" description={description} />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Add an endpoint</CardTitle>
            <CardDescription>The signing secret is shown once, when the endpoint is added (and again each time you rotate it).</CardDescription>
          </CardHeader>
          <CardContent>
            <WebhookEndpointForm orgId={org.id} eventTypes={EVENT_TYPES} />
          </CardContent>
        </Card>
        {endpoints.length === 0 ? (
          <Card>
            <CardContent>
              <EmptyState title="No endpoints yet" description="Add one above to receive billing events on your backend." />
            </CardContent>
          </Card>
        ) : null}
        {endpoints.map((e, i) => (
          <Card key={e.id} data-testid="webhook-endpoint">
            <CardHeader>
              <CardTitle>
                <span className="break-all font-mono text-sm">{e.url}</span>{" "}
                <Badge tone={e.enabled ? "success" : "neutral"}>{e.enabled ? "Enabled" : "Disabled"}</Badge>
              </CardTitle>
              <CardDescription>
                Events: {e.eventTypes.includes("*") ? "all" : e.eventTypes.join(", ")}
                {e.rotationEndsAt ? ` · previous secret also signs until ${when(e.rotationEndsAt)}` : ""}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <WebhookEndpointControls orgId={org.id} endpointId={e.id} url={e.url} enabled={e.enabled} />
            </CardContent>
            {logs[i]!.length === 0 ? (
              <CardContent>
                <p className="text-sm text-slate-600">No deliveries yet. Send a test event to try your receiver.</p>
              </CardContent>
            ) : (
              <Table>
                <THead>
                  <tr>
                    <TH>Event</TH>
                    <TH>Status</TH>
                    <TH>Response</TH>
                    <TH>Attempts</TH>
                    <TH>Last attempt</TH>
                    <TH>Next retry</TH>
                    <TH className="text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  </tr>
                </THead>
                <TBody>
                  {logs[i]!.map((d) => (
                    <TR key={d.id} data-testid="webhook-delivery">
                      <TD>
                        <div className="font-mono text-xs">{d.eventType}</div>
                        <div className="font-mono text-[11px] text-slate-500">{d.eventId}</div>
                      </TD>
                      <TD>
                        <Badge tone={TONE[d.status] ?? "neutral"}>{d.status}</Badge>
                        {d.lastError ? <div className="mt-1 max-w-xs truncate text-xs text-slate-500" title={d.lastError}>{d.lastError}</div> : null}
                      </TD>
                      <TD className="whitespace-nowrap">
                        {d.lastStatusCode ?? "–"}
                        {d.durationMs === null ? null : <span className="text-xs text-slate-500"> · {d.durationMs} ms</span>}
                      </TD>
                      <TD>{d.attempts}</TD>
                      <TD className="whitespace-nowrap">{when(d.lastAttemptAt)}</TD>
                      <TD className="whitespace-nowrap">{d.status === "failed" ? when(d.nextAttemptAt) : "–"}</TD>
                      <TD className="text-right">
                        <ResendDeliveryButton orgId={org.id} deliveryId={d.id} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
