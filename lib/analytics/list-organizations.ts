import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { catalog, getPlan } from "@/lib/billing/catalog";
import { periodLimits } from "@/lib/billing/catalog-schema";
import { allowanceInterval } from "@/lib/billing/resolve-org-plan";
import { now } from "@/lib/clock";
import { n, rows, ts } from "./rows";
import { pageOf, pagingSchema, type Page } from "./paging";

export const listOrganizationsSchema = pagingSchema.extend({
  q: z.string().max(200).optional(),
  sort: z.enum(["name", "mrr", "created", "credits", "usage"]).default("mrr"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});
export type ListOrganizationsInput = z.input<typeof listOrganizationsSchema>;

export type OrgListItem = {
  id: string;
  name: string;
  billingEmail: string | null;
  createdAt: string;
  planKey: string;
  status: string | null;
  mrrCents: number;
  usageMetric: string;
  used: number;
  included: number | null;
  creditBalance: number;
};

const SORTS = {
  name: sql`o.name`,
  mrr: sql`mrr`,
  created: sql`o.created_at`,
  credits: sql`credit_balance`,
  usage: sql`used`,
} as const;

/**
 * Every organisation for the admin list: current plan and status (newest live subscription), MRR
 * (docs/METRICS.md, from the mirror), headline-metric usage this period vs the plan's quota, credit
 * balance. Searchable by name, id, billing email or Stripe customer id; sortable; paged.
 */
export async function listOrganizations(input: ListOrganizationsInput): Promise<Page<OrgListItem>> {
  const p = listOrganizationsSchema.parse(input);
  const metric = catalog.headlineMetric;
  const like = p.q ? `%${p.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = like
    ? sql`where (o.name ilike ${like} or o.id ilike ${like} or coalesce(o.billing_email, '') ilike ${like} or coalesce(o.stripe_customer_id, '') ilike ${like})`
    : sql``;
  const dir = p.dir === "asc" ? sql`asc nulls first` : sql`desc nulls last`;
  const [count] = await rows(db, sql`select count(*) as count from organizations o ${where}`);
  const found = await rows(
    db,
    sql`select o.id, o.name, o.billing_email, o.created_at::text as created_at,
        s.plan_key, s.status, s.interval,
        coalesce((select sum(case when x.status = 'active' then (case when x.interval = 'year' then round(x.amount_cents / 12.0) else x.amount_cents end) else 0 end)
                  from subscriptions x where x.org_id = o.id), 0) as mrr,
        coalesce(cb.balance, 0) as credit_balance,
        coalesce(u.used, 0) as used
      from organizations o
      left join lateral (select plan_key, status, interval from subscriptions s where s.org_id = o.id
                         and s.status not in ('canceled', 'incomplete_expired') order by s.created_at desc limit 1) s on true
      left join credit_balances cb on cb.org_id = o.id
      left join lateral (select used from usage_counters c where c.org_id = o.id and c.metric = ${metric} and c.period_end > ${ts(now())}
                         order by c.period_start desc limit 1) u on true
      ${where}
      order by ${SORTS[p.sort]} ${dir}, o.id asc
      limit ${p.pageSize} offset ${(p.page - 1) * p.pageSize}`,
  );
  const items = found.map((r) => {
    const planKey = (r.plan_key as string | null) ?? "free";
    const plan = getPlan(planKey);
    // the current period's allowance (12 × the monthly one for a yearly period)
    const limit = plan ? periodLimits(catalog, plan, allowanceInterval({ interval: String(r.interval ?? "month"), status: String(r.status ?? "") }))[metric] : undefined;
    return {
      id: String(r.id),
      name: String(r.name),
      billingEmail: (r.billing_email as string | null) ?? null,
      createdAt: String(r.created_at),
      planKey,
      status: (r.status as string | null) ?? null,
      mrrCents: n(r.mrr),
      usageMetric: metric,
      used: n(r.used),
      included: limit ? limit.included : null,
      creditBalance: n(r.credit_balance),
    };
  });
  return pageOf(items, n(count?.count), p);
}
