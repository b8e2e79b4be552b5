import { eq } from "drizzle-orm";
import { db } from "@/db";
import { usageSettings } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { now, nowMs } from "@/lib/clock";

const TTL_MS = 5_000;
const cache = new Map<string, { cap: number | null; until: number }>();

/** The org's spend cap in cents (max overage per period), null = none. Cached 5 s per process. */
export async function getSpendCap(orgId: string): Promise<number | null> {
  const hit = cache.get(orgId);
  if (hit && hit.until > nowMs()) return hit.cap;
  const [row] = await db.select({ cap: usageSettings.spendCapCents }).from(usageSettings).where(eq(usageSettings.orgId, orgId));
  const cap = row?.cap ?? null;
  if (cache.size > 10_000) cache.clear();
  cache.set(orgId, { cap, until: nowMs() + TTL_MS });
  return cap;
}

/** Set (or clear with null) the org's spend cap; audited. Other processes see it within 5 s. */
export async function setSpendCap(input: { orgId: string; spendCapCents: number | null; actor: Actor }) {
  const result = await withOrg(input.orgId, async (tx) => {
    const [before] = await tx.select().from(usageSettings).where(eq(usageSettings.orgId, input.orgId)).for("update");
    await tx
      .insert(usageSettings)
      .values({ orgId: input.orgId, spendCapCents: input.spendCapCents, updatedAt: now() })
      .onConflictDoUpdate({ target: usageSettings.orgId, set: { spendCapCents: input.spendCapCents, updatedAt: now() } });
    await writeAudit(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "usage.spend_cap_set",
      target: input.orgId,
      before: { spend_cap_cents: before?.spendCapCents ?? null },
      after: { spend_cap_cents: input.spendCapCents },
    });
    return { spend_cap_cents: input.spendCapCents };
  });
  cache.delete(input.orgId);
  return result;
}
