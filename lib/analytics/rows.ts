import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Raw SQL rows on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export async function rows<T = Record<string, unknown>>(tx: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await tx.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** int8/numeric come back as strings on postgres.js and numbers on PGlite. */
export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A timestamp parameter for raw SQL (postgres.js does not serialise Date objects in raw templates). */
export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
