import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/admin/format";
import { Pager } from "@/components/admin/pager";
import { SimpleActionButton } from "@/components/admin/simple-action-button";
import { StatusBadge } from "@/components/admin/status-badge";
import { Button, Card, EmptyState, Field, Input, PageHeader, Select, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { listWebhookEvents, listWebhookEventsSchema } from "@/lib/analytics/list-webhook-events";
import { queryObject } from "@/lib/analytics/paging";
import { adminPage } from "@/lib/auth/page-guards";

export const metadata: Metadata = { title: "Admin · Webhooks" };
export const dynamic = "force-dynamic";

/** Stored Stripe events: status, attempts, error, payload; replay one or every failed one. */
export default async function AdminWebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await adminPage("/admin/webhooks");
  const parsed = listWebhookEventsSchema.safeParse(queryObject(await searchParams));
  const input = parsed.success ? parsed.data : listWebhookEventsSchema.parse({});
  const page = await listWebhookEvents(input);
  const keep: Record<string, string> = {};
  if (input.status) keep.status = input.status;
  if (input.type) keep.type = input.type;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={`Processed ${page.counts.processed} · failed ${page.counts.failed} · pending ${page.counts.pending} · processing ${page.counts.processing}`}
        actions={
          page.counts.failed ? (
            <SimpleActionButton
              action="replayFailed"
              input={{}}
              label={`Replay all failed (${page.counts.failed})`}
              title="Replay every failed event?"
              description="Each failed event is processed again, oldest first. Handlers are idempotent."
              confirmLabel="Replay all"
              done="Replayed — reload to see the results."
            />
          ) : undefined
        }
      />
      <form method="get" className="mb-4 grid max-w-2xl gap-3 sm:grid-cols-3 sm:items-end">
        <Field id="status" label="Status">
          <Select id="status" name="status" defaultValue={input.status ?? ""}>
            <option value="">Any</option>
            {["pending", "processing", "processed", "failed"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="type" label="Event type">
          <Input id="type" name="type" defaultValue={input.type ?? ""} placeholder="invoice." />
        </Field>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No events" />
      ) : (
        <Card>
          <Table>
            <THead>
              <TR>
                <TH>Event</TH>
                <TH>Status</TH>
                <TH>Attempts</TH>
                <TH>Received</TH>
                <TH>Error / payload</TH>
                <TH>Action</TH>
              </TR>
            </THead>
            <TBody>
              {page.items.map((e) => (
                <TR key={e.id}>
                  <TD>
                    <div className="font-mono text-xs">{e.type}</div>
                    <div className="font-mono text-xs text-slate-500">{e.id}</div>
                    {e.customerId ? (
                      <Link href={`/admin/organizations?q=${encodeURIComponent(e.customerId)}`} className="text-xs text-brand-700 hover:underline">
                        {e.customerId}
                      </Link>
                    ) : null}
                  </TD>
                  <TD>
                    <StatusBadge status={e.status} />
                  </TD>
                  <TD className="tabular-nums">{e.attempts}</TD>
                  <TD className="whitespace-nowrap text-xs">{formatDateTime(e.receivedAt)}</TD>
                  <TD className="max-w-md">
                    {e.lastError ? <p className="mb-1 text-xs text-red-700">{e.lastError}</p> : null}
                    <details>
                      <summary className="cursor-pointer text-xs text-slate-600">Payload</summary>
                      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(e.payload, null, 2)}</pre>
                    </details>
                  </TD>
                  <TD>
                    {e.status === "failed" || e.status === "processed" ? (
                      <SimpleActionButton
                        action="replayEvent"
                        input={{ eventId: e.id }}
                        label="Replay"
                        title={`Replay ${e.type}?`}
                        description="The event is processed again now (the customer is re-synced from Stripe)."
                        confirmLabel="Replay"
                        done="Replayed."
                      />
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <Pager basePath="/admin/webhooks" params={keep} page={page.page} pages={page.pages} total={page.total} />
    </>
  );
}
