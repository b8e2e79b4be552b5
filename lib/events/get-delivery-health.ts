import "server-only";
import { and, count, desc, eq, inArray, lt } from "drizzle-orm";
import { db } from "@/db";
import { domainEvents } from "@/db/schema";
import { nowMs } from "@/lib/clock";
import { getEmailHealth } from "@/lib/notifications/email-deliveries";
import { getWebhookHealth } from "@/lib/webhooks-out/get-webhook-health";

/**
 * For /admin/health: the outbox, the email queue and outbound webhooks — events whose fan-out failed or
 * is overdue, emails and webhook deliveries failing (waiting for a retry) or dead (every attempt failed),
 * with the latest of each.
 */
export async function getDeliveryHealth() {
  const overdue = new Date(nowMs() - 5 * 60_000);
  const [late] = await db
    .select({ n: count() })
    .from(domainEvents)
    .where(and(inArray(domainEvents.status, ["pending", "dispatching"]), lt(domainEvents.createdAt, overdue)));
  const failedEvents = await db.select().from(domainEvents).where(eq(domainEvents.status, "failed")).orderBy(desc(domainEvents.createdAt)).limit(20);
  const [failedCount] = await db.select({ n: count() }).from(domainEvents).where(eq(domainEvents.status, "failed"));
  const [email, webhooks] = await Promise.all([getEmailHealth(), getWebhookHealth()]);
  return { events: { overdue: Number(late?.n ?? 0), failed: Number(failedCount?.n ?? 0), recentFailed: failedEvents }, email, webhooks };
}
