import type { Metadata } from "next";
import Link from "next/link";
import { formatCents, formatCount } from "@/components/admin/format";
import { Pager } from "@/components/admin/pager";
import { StatusBadge } from "@/components/admin/status-badge";
import { Button, Card, EmptyState, Input, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { listOrganizations, listOrganizationsSchema } from "@/lib/analytics/list-organizations";
import { queryObject } from "@/lib/analytics/paging";
import { adminPage } from "@/lib/auth/page-guards";
import { getPlan } from "@/lib/billing/catalog";

export const metadata: Metadata = { title: "Admin · Organisations" };
export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

const COLUMNS = [
  { key: "name", label: "Organisation" },
  { key: null, label: "Plan" },
  { key: null, label: "Status" },
  { key: "mrr", label: "MRR" },
  { key: "usage", label: "Usage vs quota" },
  { key: "credits", label: "Credits" },
  { key: "created", label: "Created" },
] as const;

/** Every organisation: search, sort, page. */
export default async function AdminOrganizationsPage({ searchParams }: { searchParams: Search }) {
  await adminPage("/admin/organizations");
  const raw = queryObject(await searchParams);
  const parsed = listOrganizationsSchema.safeParse(raw);
  const input = parsed.success ? parsed.data : listOrganizationsSchema.parse({});
  const page = await listOrganizations(input);
  const keep: Record<string, string> = { sort: input.sort, dir: input.dir, ...(input.q ? { q: input.q } : {}) };
  const sortHref = (key: string) => {
    const dir = input.sort === key && input.dir === "desc" ? "asc" : "desc";
    return `/admin/organizations?${new URLSearchParams({ ...(input.q ? { q: input.q } : {}), sort: key, dir }).toString()}`;
  };
  return (
    <>
      <PageHeader title="Organisations" description="Plan, status, MRR, usage of the headline metric this period and credit balance." />
      <form method="get" className="mb-4 flex max-w-xl gap-2" role="search">
        <label htmlFor="q" className="sr-only">
          Search organisations
        </label>
        <Input id="q" name="q" defaultValue={input.q ?? ""} placeholder="Name, id, billing email or Stripe customer id" />
        <input type="hidden" name="sort" value={input.sort} />
        <input type="hidden" name="dir" value={input.dir} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No organisations found" description={input.q ? `Nothing matches “${input.q}”.` : "No organisations yet."} />
      ) : (
        <Card>
          <Table>
            <THead>
              <TR>
                {COLUMNS.map((c) => (
                  <TH key={c.label} aria-sort={c.key && input.sort === c.key ? (input.dir === "asc" ? "ascending" : "descending") : undefined}>
                    {c.key ? (
                      <Link href={sortHref(c.key)} className="hover:text-slate-900">
                        {c.label}
                        {input.sort === c.key ? (input.dir === "asc" ? " ↑" : " ↓") : ""}
                      </Link>
                    ) : (
                      c.label
                    )}
                  </TH>
                ))}
              </TR>
            </THead>
            <TBody>
              {page.items.map((o) => (
                <TR key={o.id}>
                  <TD>
                    <Link href={`/admin/organizations/${o.id}`} className="font-medium text-brand-700 hover:underline">
                      {o.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{o.id}</div>
                  </TD>
                  <TD>{getPlan(o.planKey)?.name ?? o.planKey}</TD>
                  <TD>
                    <StatusBadge status={o.status} />
                  </TD>
                  <TD className="tabular-nums">{formatCents(o.mrrCents)}</TD>
                  <TD className="tabular-nums">
                    {formatCount(o.used)} / {o.included === null ? "unlimited" : formatCount(o.included)}
                    {o.included ? <span className="ml-1 text-xs text-slate-500">({Math.round((o.used / o.included) * 100)}%)</span> : null}
                  </TD>
                  <TD className="tabular-nums">{formatCount(o.creditBalance)}</TD>
                  <TD>{o.createdAt.slice(0, 10)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <Pager basePath="/admin/organizations" params={keep} page={page.page} pages={page.pages} total={page.total} />
    </>
  );
}
