import type { Metadata } from "next";
import Link from "next/link";
import { AuditPerson } from "@/components/admin/audit-person";
import { formatDateTime } from "@/components/admin/format";
import { Pager } from "@/components/admin/pager";
import { Button, Card, EmptyState, Field, Input, PageHeader, Select, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { actorType } from "@/db/schema";
import { listAuditLog, listAuditLogSchema } from "@/lib/analytics/list-audit-log";
import { queryObject } from "@/lib/analytics/paging";
import { adminPage } from "@/lib/auth/page-guards";
import { resolvePeople } from "@/lib/audit/resolve-people";

export const metadata: Metadata = { title: "Admin · Audit log" };
export const dynamic = "force-dynamic";

/** The append-only audit log (read-only here; a database trigger refuses updates and deletes). */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await adminPage("/admin/audit");
  const parsed = listAuditLogSchema.safeParse(queryObject(await searchParams));
  const input = parsed.success ? parsed.data : listAuditLogSchema.parse({});
  const page = await listAuditLog(input);
  const people = await resolvePeople(page.items);
  const keep: Record<string, string> = {};
  for (const k of ["orgId", "action", "actorType", "actorId"] as const) if (input[k]) keep[k] = input[k]!;
  return (
    <>
      <PageHeader title="Audit log" description="Every billing mutation: who (user, admin, API key, webhook, job), which organisation, what, before and after." />
      <form method="get" className="mb-4 grid gap-3 sm:grid-cols-5 sm:items-end">
        <Field id="orgId" label="Organisation id">
          <Input id="orgId" name="orgId" defaultValue={input.orgId ?? ""} placeholder="org_…" />
        </Field>
        <Field id="action" label="Action starts with">
          <Input id="action" name="action" defaultValue={input.action ?? ""} placeholder="credits." />
        </Field>
        <Field id="actorType" label="Actor type">
          <Select id="actorType" name="actorType" defaultValue={input.actorType ?? ""}>
            <option value="">Any</option>
            {actorType.enumValues.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="actorId" label="Actor id">
          <Input id="actorId" name="actorId" defaultValue={input.actorId ?? ""} />
        </Field>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No audit entries match" />
      ) : (
        <Card>
          <Table>
            <THead>
              <TR>
                <TH>When</TH>
                <TH>Actor</TH>
                <TH>Organisation</TH>
                <TH>Action</TH>
                <TH>Target</TH>
                <TH>Before → after</TH>
              </TR>
            </THead>
            <TBody>
              {page.items.map((a) => (
                <TR key={a.id}>
                  <TD className="whitespace-nowrap text-xs">{formatDateTime(a.at)}</TD>
                  <TD className="text-xs">
                    <AuditPerson id={a.actorId} people={people} kind={a.actorType} />
                  </TD>
                  <TD className="text-xs">
                    {a.orgId ? (
                      <Link href={`/admin/organizations/${a.orgId}`} className="font-mono text-brand-700 hover:underline">
                        {a.orgId}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </TD>
                  <TD className="font-mono text-xs">{a.action}</TD>
                  <TD className="text-xs">
                    <AuditPerson id={a.target} people={people} />
                  </TD>
                  <TD className="max-w-md">
                    <details>
                      <summary className="cursor-pointer text-xs text-slate-600">Show</summary>
                      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify({ before: a.before, after: a.after }, null, 2)}</pre>
                    </details>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <Pager basePath="/admin/audit" params={keep} page={page.page} pages={page.pages} total={page.total} />
    </>
  );
}
