import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { creditGrants } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { catalog } from "@/lib/billing/catalog";
import { listInvoices } from "@/lib/billing/list-invoices";

export const INVOICE_STATUS: Record<string, { label: string; tone: "success" | "warning" | "danger" | "neutral" | "brand" }> = {
  paid: { label: "Paid", tone: "success" },
  open: { label: "Open — payment due", tone: "warning" },
  draft: { label: "Draft", tone: "neutral" },
  uncollectible: { label: "Uncollectible", tone: "danger" },
  void: { label: "Void", tone: "neutral" },
};

/** The invoices tab: subscription invoices (mirror, paged) and one-time payments (credit packs bought). */
export async function getInvoicesTab(orgId: string, cursor?: string) {
  const [page, packs] = await Promise.all([
    listInvoices({ orgId, limit: 20, cursor }),
    withOrg(orgId, (tx) =>
      tx
        .select()
        .from(creditGrants)
        .where(and(eq(creditGrants.orgId, orgId), eq(creditGrants.source, "purchased")))
        .orderBy(desc(creditGrants.createdAt))
        .limit(50),
    ),
  ]);
  const oneTime = packs.map((g) => {
    const pack = catalog.creditPacks.find((p) => g.reason?.endsWith(p.name) || g.amount === p.credits);
    return { id: g.id, description: g.reason ?? `${g.amount} credits`, credits: g.amount, amountCents: pack?.priceCents ?? null, createdAt: g.createdAt.toISOString(), reference: g.idempotencyKey.replace(/^pack:/, "") };
  });
  return { invoices: page.data, nextCursor: page.nextCursor, total: page.total, oneTime };
}
