import "server-only";
import { and, count, desc, eq, ilike, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { actorType, auditLog, type AuditRow } from "@/db/schema";
import { pageOf, pagingSchema, type Page } from "./paging";

export const listAuditLogSchema = pagingSchema.extend({
  orgId: z.string().max(100).optional(),
  /** Prefix match: `credits.` finds credits.granted and credits.adjusted. */
  action: z.string().max(100).optional(),
  actorType: z.enum(actorType.enumValues).optional(),
  actorId: z.string().max(100).optional(),
});
export type ListAuditLogInput = z.input<typeof listAuditLogSchema>;

/** The audit log, newest first, filterable by organisation, action (prefix), actor type and actor id. Read-only. */
export async function listAuditLog(input: ListAuditLogInput): Promise<Page<AuditRow>> {
  const p = listAuditLogSchema.parse(input);
  const conds: SQL[] = [];
  if (p.orgId) conds.push(eq(auditLog.orgId, p.orgId));
  if (p.action) conds.push(ilike(auditLog.action, `${p.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (p.actorType) conds.push(eq(auditLog.actorType, p.actorType));
  if (p.actorId) conds.push(eq(auditLog.actorId, p.actorId));
  const where = conds.length ? and(...conds) : undefined;
  const [total] = await db.select({ c: count() }).from(auditLog).where(where);
  const items = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(p.pageSize).offset((p.page - 1) * p.pageSize);
  return pageOf(items, Number(total?.c ?? 0), p);
}
