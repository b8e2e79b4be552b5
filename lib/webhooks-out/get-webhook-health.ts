import "server-only";
import { and, count, desc, eq, inArray, lt } from "drizzle-orm";
import { db } from "@/db";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { nowMs } from "@/lib/clock";

/** An attempt `sending` for longer than this had its sender die (the sweeper's threshold: deliveries.ts). */
const STUCK_AFTER_MS = 5 * 60_000;

/**
 * For /admin/health: outbound webhook deliveries that need a look, across organisations — failing
 * (waiting for a retry), dead (every attempt failed, ≈ 3 days), stuck mid-attempt, the latest 20
 * failing or dead with their endpoint, and endpoints the app disabled because they kept failing.
 */
export async function getWebhookHealth() {
  const counts = await db
    .select({ status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.status, ["failed", "dead"]))
    .groupBy(webhookDeliveries.status);
  const by = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  const [stuck] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "sending"), lt(webhookDeliveries.sendStartedAt, new Date(nowMs() - STUCK_AFTER_MS))));
  const recent = await db
    .select({
      id: webhookDeliveries.id,
      orgId: webhookDeliveries.orgId,
      endpointId: webhookDeliveries.endpointId,
      url: webhookEndpoints.url,
      endpointEnabled: webhookEndpoints.enabled,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(inArray(webhookDeliveries.status, ["failed", "dead"]))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(20);
  return { failing: by.failed ?? 0, dead: by.dead ?? 0, stuck: Number(stuck?.n ?? 0), recent };
}
