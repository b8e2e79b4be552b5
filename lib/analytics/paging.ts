import { z } from "zod";

/** Shared paging for the admin lists: 1-based page, 1..100 per page. */
export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export type Paging = z.infer<typeof pagingSchema>;
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number; pages: number };

export function pageOf<T>(items: T[], total: number, p: Paging): Page<T> {
  return { items, total, page: p.page, pageSize: p.pageSize, pages: Math.max(1, Math.ceil(total / p.pageSize)) };
}

/** `?a=1&b=` → `{ a: "1" }` (empty values dropped, first value wins) for zod-parsing searchParams. */
export function queryObject(params: Record<string, string | string[] | undefined> | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === "string" && value.trim() !== "" && !(k in out)) out[k] = value.trim();
  }
  return out;
}
