import type { Ctx } from "../router";
import { invalidRequest } from "../errors";
import type { FormObject } from "../form";
import { obj, str } from "../params";
import type { StripeObj } from "../shapes";
import { paginate, queryObjects, type ListFilter } from "../store";

/** Standard list endpoint body: filter, newest first, Stripe cursors. */
export async function listResponse(ctx: Ctx, type: string, filter: ListFilter = {}) {
  const created = createdFilter(ctx.params);
  const all = await queryObjects(ctx.tx, type, {
    ...filter,
    where: (o) => (!filter.where || filter.where(o)) && (!created || created(o)),
  });
  return paginate(all, pageParams(ctx.params), ctx.path);
}

export function pageParams(p: FormObject) {
  return { limit: str(p, "limit"), starting_after: str(p, "starting_after"), ending_before: str(p, "ending_before") };
}

/** `created[gte]=…` style range filter (or `created=<ts>`). */
export function createdFilter(p: FormObject): ((o: StripeObj) => boolean) | undefined {
  const raw = p.created;
  if (raw === undefined) return undefined;
  if (typeof raw === "string") {
    const t = Number(raw);
    return (o) => o.created === t;
  }
  const r = obj(p, "created") ?? {};
  const bound = (k: string) => {
    const v = r[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !/^\d+$/.test(v)) throw invalidRequest("Invalid integer", `created[${k}]`);
    return Number(v);
  };
  const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
  return (o) => {
    const c = o.created as number;
    return (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
  };
}

/**
 * Stripe Search Query Language, the subset the app needs: `field:'value'` and `metadata['k']:'v'`
 * clauses joined by AND.
 */
export function searchPredicate(query: string): (o: StripeObj) => boolean {
  const clauses = query.split(/\s+AND\s+/i).map((c) => c.trim()).filter(Boolean);
  const tests = clauses.map((c) => {
    const m = /^(metadata\[['"](.+?)['"]\]|[a-z_]+)\s*:\s*['"](.*)['"]$/.exec(c);
    if (!m) throw invalidRequest(`Invalid search query: ${c}`, "query");
    const value = m[3];
    if (m[2]) return (o: StripeObj) => (o.metadata as Record<string, string> | undefined)?.[m[2]] === value;
    const field = m[1];
    return (o: StripeObj) => String(o[field] ?? "") === value;
  });
  return (o) => tests.every((t) => t(o));
}

export async function searchResponse(ctx: Ctx, type: string) {
  const q = str(ctx.params, "query") ?? "";
  const all = await queryObjects(ctx.tx, type, { where: searchPredicate(q) });
  const page = paginate(all, { limit: str(ctx.params, "limit") }, ctx.path);
  return { object: "search_result", data: page.data, has_more: page.has_more, next_page: null, url: ctx.path };
}
