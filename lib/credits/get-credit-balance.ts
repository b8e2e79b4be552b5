import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { creditBalances, creditGrants, creditHolds } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";

const SOON_MS = 30 * 86_400_000;

/** Balance, by source, held credits, and grants expiring in the next 30 days. */
export async function getCreditBalance(orgId: string) {
  const at = now();
  return withOrg(orgId, async (tx) => {
    const [bal] = await tx.select().from(creditBalances).where(eq(creditBalances.orgId, orgId));
    const grants = await tx
      .select()
      .from(creditGrants)
      .where(and(eq(creditGrants.orgId, orgId), gt(creditGrants.remaining, 0), isNull(creditGrants.expiredAt)))
      .orderBy(asc(creditGrants.expiresAt));
    const [held] = await tx
      .select({ held: sql<string>`coalesce(sum(${creditHolds.amount}), 0)` })
      .from(creditHolds)
      .where(and(eq(creditHolds.orgId, orgId), eq(creditHolds.status, "held")));
    const bySource: Record<string, number> = { purchased: 0, subscription: 0, promotional: 0, adjustment: 0 };
    const live = grants.filter((g) => !g.expiresAt || g.expiresAt > at);
    for (const g of live) bySource[g.source] = (bySource[g.source] ?? 0) + g.remaining;
    return {
      balance: live.reduce((s, g) => s + g.remaining, 0),
      by_source: bySource,
      held: Number(held?.held ?? 0),
      low_balance_threshold: bal?.lowBalanceThreshold ?? null,
      expiring_soon: live
        .filter((g) => g.expiresAt && g.expiresAt.getTime() - at.getTime() <= SOON_MS)
        .map((g) => ({ grant_id: g.id, source: g.source, remaining: g.remaining, expires_at: g.expiresAt!.toISOString() })),
    };
  });
}
