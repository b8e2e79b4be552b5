import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { n, rows, ts } from "./rows";
import { pageOf, pagingSchema, type Page } from "./paging";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const listInvoicesSchema = pagingSchema.extend({
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).optional(),
  from: day.optional(),
  to: day.optional(),
  orgId: z.string().max(100).optional(),
});
export type ListInvoicesInput = z.input<typeof listInvoicesSchema>;

export type InvoiceListItem = {
  id: string;
  number: string | null;
  orgId: string;
  orgName: string;
  status: string;
  totalCents: number;
  amountPaidCents: number;
  amountDueCents: number;
  currency: string;
  created: string;
  paidAt: string | null;
  hostedInvoiceUrl: string | null;
};

export type InvoiceTotals = { count: number; totalCents: number; paidCents: number; dueCents: number };

/** All mirrored invoices, filtered by status / created date range (inclusive days, UTC) / organisation, with totals. */
export async function listInvoices(input: ListInvoicesInput): Promise<Page<InvoiceListItem> & { totals: InvoiceTotals }> {
  const p = listInvoicesSchema.parse(input);
  const conds: SQL[] = [sql`true`];
  if (p.status) conds.push(sql`i.status = ${p.status}`);
  if (p.from) conds.push(sql`i.created >= ${ts(new Date(`${p.from}T00:00:00Z`))}`);
  if (p.to) conds.push(sql`i.created < ${ts(new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000))}`);
  if (p.orgId) conds.push(sql`i.org_id = ${p.orgId}`);
  const where = sql.join(conds, sql` and `);
  const [totals] = await rows(
    db,
    sql`select count(*) as count, coalesce(sum(total_cents), 0) as total, coalesce(sum(amount_paid_cents), 0) as paid,
        coalesce(sum(case when status = 'open' then amount_due_cents - amount_paid_cents else 0 end), 0) as due
      from invoices i where ${where}`,
  );
  const found = await rows(
    db,
    sql`select i.id, i.number, i.org_id, o.name as org_name, i.status, i.total_cents, i.amount_paid_cents, i.amount_due_cents,
        i.currency, i.created, i.paid_at, i.hosted_invoice_url
      from invoices i join organizations o on o.id = i.org_id
      where ${where} order by i.created desc, i.id desc
      limit ${p.pageSize} offset ${(p.page - 1) * p.pageSize}`,
  );
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  const items = found.map((r) => ({
    id: String(r.id),
    number: (r.number as string | null) ?? null,
    orgId: String(r.org_id),
    orgName: String(r.org_name),
    status: String(r.status),
    totalCents: n(r.total_cents),
    amountPaidCents: n(r.amount_paid_cents),
    amountDueCents: n(r.amount_due_cents),
    currency: String(r.currency),
    created: iso(r.created)!,
    paidAt: iso(r.paid_at),
    hostedInvoiceUrl: (r.hosted_invoice_url as string | null) ?? null,
  }));
  return {
    ...pageOf(items, n(totals?.count), p),
    totals: { count: n(totals?.count), totalCents: n(totals?.total), paidCents: n(totals?.paid), dueCents: n(totals?.due) },
  };
}
