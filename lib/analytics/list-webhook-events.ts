import "server-only";
import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { stripeEvents } from "@/db/schema";
import { pageOf, pagingSchema, type Page } from "./paging";

export const listWebhookEventsSchema = pagingSchema.extend({
  status: z.enum(["pending", "processing", "processed", "failed"]).optional(),
  type: z.string().max(100).optional(),
});
export type ListWebhookEventsInput = z.input<typeof listWebhookEventsSchema>;
export type WebhookEventItem = typeof stripeEvents.$inferSelect;

/** Stored Stripe events (newest first) with status, attempts, error and payload; plus a count per status. */
export async function listWebhookEvents(input: ListWebhookEventsInput): Promise<Page<WebhookEventItem> & { counts: Record<string, number> }> {
  const p = listWebhookEventsSchema.parse(input);
  const conds: SQL[] = [];
  if (p.status) conds.push(eq(stripeEvents.status, p.status));
  if (p.type) conds.push(ilike(stripeEvents.type, `%${p.type.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = conds.length ? and(...conds) : undefined;
  const [total] = await db.select({ c: count() }).from(stripeEvents).where(where);
  const items = await db
    .select()
    .from(stripeEvents)
    .where(where)
    .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
    .limit(p.pageSize)
    .offset((p.page - 1) * p.pageSize);
  const byStatus = await db.select({ status: stripeEvents.status, c: count() }).from(stripeEvents).groupBy(stripeEvents.status);
  const counts: Record<string, number> = { pending: 0, processing: 0, processed: 0, failed: 0 };
  for (const r of byStatus) counts[r.status] = Number(r.c);
  return { ...pageOf(items, Number(total?.c ?? 0), p), counts };
}
