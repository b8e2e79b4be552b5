import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { creditGrants, creditHolds } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { settle } from "./hold-internals";
import { expireDueGrants, loadGrants, lockBalance } from "./ledger";

/**
 * The sweep (scheduled by the jobs helper; also safe to call any time): returns expired holds and
 * writes off expired grants, one organisation at a time under its balance lock.
 */
export async function expireHoldsAndGrants(at: Date = now()): Promise<{ holds: number; grants: number }> {
  const iso = at.toISOString();
  const holdOrgs = await db.select({ orgId: creditHolds.orgId }).from(creditHolds).where(and(eq(creditHolds.status, "held"), sql`${creditHolds.expiresAt} <= ${iso}::timestamptz`)).groupBy(creditHolds.orgId);
  const grantOrgs = await db
    .select({ orgId: creditGrants.orgId })
    .from(creditGrants)
    .where(sql`${creditGrants.expiredAt} is null and ${creditGrants.remaining} > 0 and ${creditGrants.expiresAt} <= ${iso}::timestamptz`)
    .groupBy(creditGrants.orgId);
  let holds = 0;
  let grants = 0;
  for (const orgId of new Set([...holdOrgs, ...grantOrgs].map((r) => r.orgId))) {
    await withOrg(orgId, async (tx) => {
      const locked = await lockBalance(tx, orgId, null, true);
      let balance = locked!.balance;
      const due = await tx.select().from(creditHolds).where(and(eq(creditHolds.orgId, orgId), eq(creditHolds.status, "held"), sql`${creditHolds.expiresAt} <= ${iso}::timestamptz`));
      for (const h of due) {
        balance = await settle(tx, h, "expired", null, balance);
        holds++;
      }
      const live = await loadGrants(tx, orgId);
      const before = live.filter((g) => g.expiresAt && g.expiresAt <= at).length;
      await expireDueGrants(tx, orgId, live, balance, at);
      grants += before;
    });
  }
  return { holds, grants };
}
