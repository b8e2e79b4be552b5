import { inArray } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { users } from "@/db/schema";

export type Person = { name: string | null; email: string };

/**
 * For rendering the audit log with names and emails instead of bare ids: the users among the rows'
 * actors (user/admin) and targets (member changes, account changes name a user id). Ids that are not
 * users (organisations, keys, invoices…) are simply not in the map. Read-only; one query.
 */
export async function resolvePeople(rows: { actorType: string; actorId: string | null; target: string | null }[], database: DbOrTx = db): Promise<Record<string, Person>> {
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.actorId && (r.actorType === "user" || r.actorType === "admin")) ids.add(r.actorId);
    if (r.target) ids.add(r.target);
  }
  const wanted = [...ids].filter((id) => id.length <= 64);
  if (wanted.length === 0) return {};
  const found = await database.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, wanted));
  return Object.fromEntries(found.map((u) => [u.id, { name: u.name, email: u.email }]));
}
