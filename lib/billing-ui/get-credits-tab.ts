import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import { creditTransactions } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { catalog } from "@/lib/billing/catalog";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";

const KIND_LABEL: Record<string, string> = {
  grant: "Credits added",
  consume: "Used",
  expire: "Expired",
  hold: "Reserved",
  commit: "Reservation settled",
  release: "Reservation returned",
};

/** A ledger row as the history table shows it (balance_after is the running balance). */
export function describeTransaction(t: { kind: string; amount: number; metadata: Record<string, unknown> | null }) {
  const md = t.metadata ?? {};
  const detail =
    typeof md.reason === "string"
      ? md.reason
      : typeof md.event === "string"
        ? `${md.event}${typeof md.quantity === "number" && md.quantity !== 1 ? ` × ${md.quantity}` : ""}`
        : typeof md.model === "string"
          ? `${md.model} tokens`
          : null;
  return { label: KIND_LABEL[t.kind] ?? t.kind, detail };
}

/** The credits tab: balance by source, expiring grants, packs for sale, and a page of the ledger. */
export async function getCreditsTab(orgId: string, opts: { before?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const [balance, rows] = await Promise.all([
    getCreditBalance(orgId),
    withOrg(orgId, (tx) =>
      tx
        .select()
        .from(creditTransactions)
        .where(and(eq(creditTransactions.orgId, orgId), opts.before ? lt(creditTransactions.id, opts.before) : undefined))
        .orderBy(desc(creditTransactions.id))
        .limit(limit + 1),
    ),
  ]);
  const page = rows.slice(0, limit);
  return {
    balance,
    packs: catalog.creditPacks.map((p) => ({ key: p.key, name: p.name, credits: p.credits, priceCents: p.priceCents, centsPerCredit: p.priceCents / p.credits })),
    transactions: page.map((t) => ({
      id: t.id,
      kind: t.kind,
      amount: t.amount,
      balanceAfter: t.balanceAfter,
      createdAt: t.createdAt.toISOString(),
      ...describeTransaction(t),
    })),
    nextBefore: rows.length > limit ? page.at(-1)!.id : null,
  };
}
