import { sql } from "drizzle-orm";
import { withOrg } from "@/db/with-org";
import { execRows, num } from "@/lib/usage/exec-rows";

/**
 * The ledger invariant for one organisation: balance row = sum of all transaction amounts = sum of
 * grants' remaining (not written off), and the newest transaction's balance_after = balance.
 */
export async function verifyLedger(orgId: string) {
  return withOrg(orgId, async (tx) => {
    const [r] = await execRows<Record<string, unknown>>(
      tx,
      sql`select
            (select balance from credit_balances where org_id = ${orgId}) as balance,
            (select coalesce(sum(amount), 0) from credit_transactions where org_id = ${orgId}) as ledger_sum,
            (select coalesce(sum(remaining), 0) from credit_grants where org_id = ${orgId} and expired_at is null) as grants_remaining,
            (select balance_after from credit_transactions where org_id = ${orgId} order by id desc limit 1) as last_balance_after,
            (select count(*) from credit_transactions where org_id = ${orgId} and balance_after < 0) as negative`,
    );
    const balance = num(r!.balance);
    const ledgerSum = num(r!.ledger_sum);
    const grantsRemaining = num(r!.grants_remaining);
    const lastBalanceAfter = num(r!.last_balance_after);
    const negative = num(r!.negative);
    return { ok: balance === ledgerSum && ledgerSum === grantsRemaining && lastBalanceAfter === balance && negative === 0, balance, ledgerSum, grantsRemaining, lastBalanceAfter, negative };
  });
}
