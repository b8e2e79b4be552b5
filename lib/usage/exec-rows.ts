import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Run raw SQL through drizzle and return its rows on either driver (postgres.js returns an array, PGlite `{rows}`). */
export async function execRows<T = Record<string, unknown>>(tx: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await tx.execute(query)) as unknown;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** int8 comes back as a string on postgres.js and a number/bigint on PGlite. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
