import "server-only";
import { and, desc, eq, gte } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import {
  auditLog,
  creditBalances,
  creditTransactions,
  invoices,
  organizations,
  stripeEvents,
  subscriptions,
  usageCounters,
} from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { catalog, getPlan } from "@/lib/billing/catalog";
import { periodLimits } from "@/lib/billing/catalog-schema";
import { allowanceInterval } from "@/lib/billing/resolve-org-plan";
import { now, nowMs } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { resolvePeople } from "@/lib/audit/resolve-people";
import { listMembers } from "@/lib/orgs/list-members";
import { n, rows, ts } from "./rows";

const DAY = 86_400_000;

/**
 * Everything the admin detail page shows about one organisation: subscriptions, invoices, usage
 * (current counters vs quota, and the last 30 days of the headline metric per day), credit balance
 * and ledger, Stripe events, the members and pending invitations, and the audit trail (with the people
 * it names resolved to name and email). Org-scoped reads go through withOrg.
 */
export async function getOrganizationDetail(orgId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId)).limit(1);
  if (!org) throw notFound("organisation");
  const since = new Date(nowMs() - 30 * DAY);
  const team = await listMembers(orgId);
  return withOrg(orgId, async (tx) => {
    const subs = await tx.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)).orderBy(desc(subscriptions.createdAt)).limit(20);
    const invs = await tx.select().from(invoices).where(eq(invoices.orgId, orgId)).orderBy(desc(invoices.created)).limit(50);
    const current = subs.find((s) => !["canceled", "incomplete_expired"].includes(s.status)) ?? null;
    const plan = getPlan(current?.planKey ?? "free");
    const counters = await tx
      .select()
      .from(usageCounters)
      .where(and(eq(usageCounters.orgId, orgId), gte(usageCounters.periodEnd, now())))
      .orderBy(usageCounters.metric);
    const limits = plan ? periodLimits(catalog, plan, current ? allowanceInterval(current) : "month") : {};
    const usage = counters.map((c) => ({ metric: c.metric, used: c.used, peak: c.peak, periodStart: c.periodStart, periodEnd: c.periodEnd, included: limits[c.metric]?.included ?? null }));
    const daily = await rows(
      tx,
      sql`select to_char(date_trunc('day', ts), 'YYYY-MM-DD') as day, metric, sum(quantity) as quantity
        from usage_events where org_id = ${orgId} and ts >= ${ts(since)}
        group by 1, 2 order by 1`,
    );
    const [balance] = await tx.select().from(creditBalances).where(eq(creditBalances.orgId, orgId));
    const ledger = await tx.select().from(creditTransactions).where(eq(creditTransactions.orgId, orgId)).orderBy(desc(creditTransactions.id)).limit(50);
    const audit = await tx.select().from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(desc(auditLog.id)).limit(50);
    const people = await resolvePeople(audit, tx);
    const events = org.stripeCustomerId
      ? await tx
          .select({ id: stripeEvents.id, type: stripeEvents.type, status: stripeEvents.status, created: stripeEvents.created, attempts: stripeEvents.attempts, lastError: stripeEvents.lastError })
          .from(stripeEvents)
          .where(eq(stripeEvents.customerId, org.stripeCustomerId))
          .orderBy(desc(stripeEvents.created))
          .limit(30)
      : [];
    return {
      org,
      subscription: current,
      subscriptions: subs,
      invoices: invs,
      usage,
      usageDaily: daily.map((d) => ({ day: String(d.day), metric: String(d.metric), quantity: n(d.quantity) })),
      creditBalance: balance?.balance ?? 0,
      ledger,
      audit,
      people,
      members: team.members,
      pendingInvitations: team.pending,
      events,
    };
  });
}

export type OrganizationDetail = Awaited<ReturnType<typeof getOrganizationDetail>>;
