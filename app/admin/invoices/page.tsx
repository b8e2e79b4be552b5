import type { Metadata } from "next";
import Link from "next/link";
import { formatCents, formatDate } from "@/components/admin/format";
import { Pager } from "@/components/admin/pager";
import { StatusBadge } from "@/components/admin/status-badge";
import { Alert, Button, Card, EmptyState, Field, Input, PageHeader, Select, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { listInvoices, listInvoicesSchema } from "@/lib/analytics/list-invoices";
import { queryObject } from "@/lib/analytics/paging";
import { adminPage } from "@/lib/auth/page-guards";

export const metadata: Metadata = { title: "Admin · Invoices" };
export const dynamic = "force-dynamic";

/** All mirrored invoices with filters (status, created between, organisation) and totals. */
export default async function AdminInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await adminPage("/admin/invoices");
  const raw = queryObject(await searchParams);
  const parsed = listInvoicesSchema.safeParse(raw);
  const input = parsed.success ? parsed.data : listInvoicesSchema.parse({});
  const page = await listInvoices(input);
  const keep: Record<string, string> = {};
  for (const k of ["status", "from", "to", "orgId"] as const) if (input[k]) keep[k] = input[k]!;
  return (
    <>
      <PageHeader title="Invoices" description="Every invoice in the Stripe mirror." />
      {!parsed.success ? <Alert tone="warning" className="mb-4">Some filters were invalid and were ignored: {parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</Alert> : null}
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-5 sm:items-end">
        <Field id="status" label="Status">
          <Select id="status" name="status" defaultValue={input.status ?? ""}>
            <option value="">Any</option>
            {["draft", "open", "paid", "uncollectible", "void"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="from" label="Created from">
          <Input id="from" name="from" type="date" defaultValue={input.from ?? ""} />
        </Field>
        <Field id="to" label="Created to">
          <Input id="to" name="to" type="date" defaultValue={input.to ?? ""} />
        </Field>
        <Field id="orgId" label="Organisation id">
          <Input id="orgId" name="orgId" defaultValue={input.orgId ?? ""} placeholder="org_…" />
        </Field>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      <dl className="mb-4 grid gap-3 text-sm sm:grid-cols-4">
        {[
          ["Invoices", page.totals.count.toLocaleString("en-US")],
          ["Total invoiced", formatCents(page.totals.totalCents)],
          ["Collected", formatCents(page.totals.paidCents)],
          ["Outstanding (open)", formatCents(page.totals.dueCents)],
        ].map(([k, v]) => (
          <div key={k} className="rounded-lg border border-slate-200 bg-white p-3">
            <dt className="text-xs uppercase text-slate-500">{k}</dt>
            <dd className="text-lg font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      {page.items.length === 0 ? (
        <EmptyState title="No invoices match" />
      ) : (
        <Card>
          <Table>
            <THead>
              <TR>
                <TH>Invoice</TH>
                <TH>Organisation</TH>
                <TH>Status</TH>
                <TH>Total</TH>
                <TH>Paid</TH>
                <TH>Created</TH>
                <TH>Paid at</TH>
              </TR>
            </THead>
            <TBody>
              {page.items.map((i) => (
                <TR key={i.id}>
                  <TD>
                    <span className="font-mono text-xs">{i.number ?? i.id}</span>
                  </TD>
                  <TD>
                    <Link href={`/admin/organizations/${i.orgId}`} className="text-brand-700 hover:underline">
                      {i.orgName}
                    </Link>
                  </TD>
                  <TD>
                    <StatusBadge status={i.status} />
                  </TD>
                  <TD className="tabular-nums">{formatCents(i.totalCents, i.currency)}</TD>
                  <TD className="tabular-nums">{formatCents(i.amountPaidCents, i.currency)}</TD>
                  <TD>{formatDate(i.created)}</TD>
                  <TD>{formatDate(i.paidAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <Pager basePath="/admin/invoices" params={keep} page={page.page} pages={page.pages} total={page.total} />
    </>
  );
}
