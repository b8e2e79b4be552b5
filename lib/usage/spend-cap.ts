import { eq } from "drizzle-orm";
import { db } from "@/db";
import { usageSettings } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { formatMoney } from "@/lib/billing-ui/format";
import { record, SYSTEM_ACTOR, type Actor } from "@/lib/events/record";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/log";
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

const told = new Set<string>();
const inFlight = new Set<Promise<unknown>>();

/**
 * `spend_cap.reached`: usage was refused because this period's overage reached the spend cap. Once per
 * organisation and period (the event key; an in-process memo spares the insert on every refused call).
 * Off the request path: never throws.
 */
export function noteSpendCapReached(orgId: string, periodStart: Date) {
  const key = `spend_cap:${orgId}:${periodStart.toISOString()}`;
  if (told.has(key)) return;
  if (told.size > 10_000) told.clear();
  told.add(key);
  const p = (async () => {
    const cap = await getSpendCap(orgId);
    if (cap === null) return;
    await record(db, {
      actor: SYSTEM_ACTOR,
      orgId,
      target: orgId,
      event: { type: "spend_cap.reached", data: { spend_cap_cents: cap, overage_cents: cap, period_start: periodStart.toISOString() } },
      key,
      notice: {
        kind: "spend_cap_reached",
        title: "Spend cap reached",
        body: `This period's overage reached your spend cap of ${formatMoney(cap)}, so further metered usage is refused until the next period. Raise or remove the cap through the API (PUT /api/v1/billing/spend-cap) to continue.`,
        email: true,
      },
    });
  })().catch((err: unknown) => {
    told.delete(key);
    logger.warn({ err: (err as Error).message, orgId }, "spend-cap notice failed");
  });
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** Wait for pending spend-cap notices and, without pg-boss, their in-process fan-out (tests, shutdown). */
export async function settleSpendCapNotices() {
  while (inFlight.size) await Promise.all([...inFlight]);
  await drainInlineJobs();
}

/** Set (or clear with null) the org's spend cap; audited. Other processes see it within 5 s. */
export async function setSpendCap(input: { orgId: string; spendCapCents: number | null; actor: Actor }) {
  const result = await withOrg(input.orgId, async (tx) => {
    const [before] = await tx.select().from(usageSettings).where(eq(usageSettings.orgId, input.orgId)).for("update");
    await tx
      .insert(usageSettings)
      .values({ orgId: input.orgId, spendCapCents: input.spendCapCents, updatedAt: now() })
      .onConflictDoUpdate({ target: usageSettings.orgId, set: { spendCapCents: input.spendCapCents, updatedAt: now() } });
    await record(tx, {
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
