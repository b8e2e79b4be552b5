import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "./runtime";
import { sandboxObjects } from "./schema";
import { invalidRequest, resourceMissing } from "./errors";
import { runtime } from "./runtime";
import type { StripeObj } from "./shapes";

/** Persistence of sandbox objects: one row per Stripe object, full JSON in `data`. */
export async function insertObject(tx: Tx, obj: StripeObj): Promise<StripeObj> {
  await tx.insert(sandboxObjects).values({
    id: obj.id,
    type: obj.object,
    customer: typeof obj.customer === "string" ? obj.customer : null,
    data: obj,
    created: typeof obj.created === "number" ? obj.created : 0,
    scope: runtime().scope,
  });
  return obj;
}

export async function saveObject(tx: Tx, obj: StripeObj): Promise<StripeObj> {
  await tx
    .update(sandboxObjects)
    .set({ data: obj, customer: typeof obj.customer === "string" ? obj.customer : null })
    .where(eq(sandboxObjects.id, obj.id));
  return obj;
}

export async function deleteObject(tx: Tx, id: string) {
  await tx.delete(sandboxObjects).where(eq(sandboxObjects.id, id));
}

export async function findObject<T extends StripeObj = StripeObj>(tx: Tx, id: string, type?: string): Promise<T | null> {
  const rows = await tx.select().from(sandboxObjects).where(eq(sandboxObjects.id, id)).limit(1);
  const row = rows[0];
  if (!row || (type && row.type !== type)) return null;
  return row.data as T;
}

/** Load an object or throw Stripe's 404 (`No such customer: 'cus_x'`). */
export async function getObject<T extends StripeObj = StripeObj>(tx: Tx, id: string, type: string, param = "id"): Promise<T> {
  const found = await findObject<T>(tx, id, type);
  if (!found) throw resourceMissing(type.replace(/^.*\./, "").replace(/_/g, " "), id, param);
  return found;
}

export type ListFilter = { customer?: string; contains?: Record<string, unknown>; where?: (o: StripeObj) => boolean; ownScope?: boolean };

/** All objects of a type matching the filter, newest first. */
export async function queryObjects<T extends StripeObj = StripeObj>(tx: Tx, type: string, filter: ListFilter = {}): Promise<T[]> {
  const conds = [eq(sandboxObjects.type, type)];
  if (filter.customer) conds.push(eq(sandboxObjects.customer, filter.customer));
  if (filter.ownScope) conds.push(eq(sandboxObjects.scope, runtime().scope));
  if (filter.contains) conds.push(sql`${sandboxObjects.data} @> ${JSON.stringify(filter.contains)}::jsonb`);
  const rows = await tx
    .select({ data: sandboxObjects.data, seq: sandboxObjects.seq })
    .from(sandboxObjects)
    .where(and(...conds))
    .orderBy(asc(sandboxObjects.seq));
  const all = rows.map((r) => r.data as T).reverse();
  return filter.where ? all.filter((o) => filter.where!(o)) : all;
}

export type PageParams = { limit?: string; starting_after?: string; ending_before?: string };

/** Cut one page out of a newest-first list, Stripe-style (`limit` 1–100, cursors by id). */
export function paginate<T extends { id: string }>(all: T[], p: PageParams, url: string) {
  const limit = p.limit === undefined || p.limit === "" ? 10 : Number(p.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidRequest("Invalid integer: limit must be between 1 and 100.", "limit");
  }
  let start = 0;
  let end = all.length;
  if (p.starting_after) {
    const i = all.findIndex((o) => o.id === p.starting_after);
    if (i < 0) throw resourceMissing("object", p.starting_after, "starting_after");
    start = i + 1;
  } else if (p.ending_before) {
    const i = all.findIndex((o) => o.id === p.ending_before);
    if (i < 0) throw resourceMissing("object", p.ending_before, "ending_before");
    end = i;
    start = Math.max(0, end - limit);
    return { object: "list" as const, data: all.slice(start, end), has_more: start > 0, url };
  }
  const data = all.slice(start, start + limit);
  return { object: "list" as const, data, has_more: start + limit < end, url };
}
