import "server-only";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { invoices } from "@/db/schema";
import { getCatalogIds } from "./catalog-ids";
import { invoicePeriods, type InvoiceLineLike } from "./invoice-periods";

export type InvoiceView = {
  id: string;
  number: string | null;
  status: string;
  subscriptionId: string | null;
  billingReason: string | null;
  currency: string;
  amountDueCents: number;
  amountPaidCents: number;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  /** The subscription period: what the plan lines cover (null for an invoice without plan lines). */
  periodStart: string | null;
  periodEnd: string | null;
  /** The usage period the metered (overage) lines bill, when the invoice bills usage. */
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  created: string;
  paidAt: string | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  discounts: unknown;
  lines: unknown;
};

/** The organisation's invoices, newest first, keyset-paged (`cursor` = the last invoice id of the previous page). */
export async function listInvoices(input: { orgId: string; limit?: number; cursor?: string; status?: string }) {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  let after: { created: Date; id: string } | undefined;
  if (input.cursor) {
    const [c] = await db.select({ created: invoices.created, id: invoices.id }).from(invoices).where(and(eq(invoices.id, input.cursor), eq(invoices.orgId, input.orgId)));
    after = c;
  }
  const rows = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.orgId, input.orgId),
        input.status ? eq(invoices.status, input.status) : undefined,
        after ? or(lt(invoices.created, after.created), and(eq(invoices.created, after.created), lt(invoices.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(invoices.created), desc(invoices.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(invoices)
    .where(and(eq(invoices.orgId, input.orgId), input.status ? eq(invoices.status, input.status) : undefined));
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const ids = await getCatalogIds().catch(() => null);
  // A metered overage line: by its catalog price, else (a price outside the synced catalog) by its description.
  const isUsage = (l: InvoiceLineLike) => {
    const kind = l.priceId ? ids?.describePrice(l.priceId)?.kind : undefined;
    return kind ? kind === "overage_price" : /overage/i.test(l.description ?? "");
  };
  const data: InvoiceView[] = page.map((r) => {
    const periods = invoicePeriods(r.lines, isUsage);
    const dated = Array.isArray(r.lines) && r.lines.length > 0;
    return {
    id: r.id,
    number: r.number,
    status: r.status,
    subscriptionId: r.subscriptionId,
    billingReason: r.billingReason,
    currency: r.currency,
    amountDueCents: Number(r.amountDueCents),
    amountPaidCents: Number(r.amountPaidCents),
    subtotalCents: Number(r.subtotalCents),
    discountCents: Number(r.discountCents),
    totalCents: Number(r.totalCents),
    periodStart: dated ? (periods.subscription?.start ?? null) : iso(r.periodStart),
    periodEnd: dated ? (periods.subscription?.end ?? null) : iso(r.periodEnd),
    usagePeriodStart: periods.usage?.start ?? null,
    usagePeriodEnd: periods.usage?.end ?? null,
    created: r.created.toISOString(),
    paidAt: iso(r.paidAt),
    hostedInvoiceUrl: r.hostedInvoiceUrl,
    invoicePdf: r.invoicePdf,
    discounts: r.discounts,
    lines: r.lines,
    };
  });
  return { data, hasMore: rows.length > limit, nextCursor: rows.length > limit ? page[page.length - 1].id : null, total: Number(total) };
}
