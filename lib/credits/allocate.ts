import type { CreditSource, GrantAllocation } from "@/db/schema";

export type LiveGrant = { id: string; source: CreditSource; remaining: number; expiresAt: Date | null; createdAt: Date };

/** Default precedence: purchased first, then subscription, then promotional and adjustments. */
export const DEFAULT_PRECEDENCE: CreditSource[] = ["purchased", "subscription", "promotional", "adjustment"];

/** Grants in spending order: by source precedence, then soonest expiry (never-expiring last), then oldest. */
export function orderGrants<T extends LiveGrant>(grants: T[], precedence: CreditSource[] = DEFAULT_PRECEDENCE): T[] {
  const rank = (s: CreditSource) => {
    const i = precedence.indexOf(s);
    return i === -1 ? precedence.length : i;
  };
  return [...grants].sort(
    (a, b) =>
      rank(a.source) - rank(b.source) ||
      (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Take `amount` from live grants in precedence order; null when they hold less than `amount`. */
export function allocate(grants: LiveGrant[], amount: number, at: Date, precedence?: CreditSource[]): GrantAllocation[] | null {
  const out: GrantAllocation[] = [];
  let left = amount;
  for (const g of orderGrants(grants.filter((g) => g.remaining > 0 && (!g.expiresAt || g.expiresAt > at)), precedence)) {
    if (left === 0) break;
    const take = Math.min(left, g.remaining);
    out.push({ grantId: g.id, amount: take });
    left -= take;
  }
  return left === 0 ? out : null;
}

/**
 * Split a hold's allocations when committing `amount` of them: the first (highest-precedence)
 * allocations are consumed, the rest returns to the grants it came from.
 */
export function splitHold(allocations: GrantAllocation[], amount: number): { consumed: GrantAllocation[]; returned: GrantAllocation[] } {
  const consumed: GrantAllocation[] = [];
  const returned: GrantAllocation[] = [];
  let left = amount;
  for (const a of allocations) {
    const take = Math.min(left, a.amount);
    if (take > 0) consumed.push({ grantId: a.grantId, amount: take });
    if (a.amount - take > 0) returned.push({ grantId: a.grantId, amount: a.amount - take });
    left -= take;
  }
  return { consumed, returned };
}

/** Credits for a token count: per-1,000 prices per direction, rounded up to a whole credit. */
export function tokenCredits(price: { input: number; output: number }, inputTokens: number, outputTokens: number): number {
  return Math.ceil((inputTokens * price.input + outputTokens * price.output) / 1000);
}
