import "server-only";
import { desc, sql } from "drizzle-orm";
import { db } from "@/db";
import { adminAlerts, reconciliationRuns } from "@/db/schema";
import { nowMs } from "@/lib/clock";
import { env } from "@/lib/env";
import { rows, ts } from "./rows";

const DAY = 86_400_000;

export type HealthItem = {
  subscriptionId: string;
  orgId: string;
  orgName: string;
  planKey: string;
  status: string;
  /** The date that matters for the list (grace end, trial end, period end, created). */
  at: string | null;
  /** past_due: whole days left in the grace period (0 = restricted now). trials: days until the trial ends. */
  daysLeft: number | null;
  /** What an admin should do about it. */
  action: string;
};

export type OutOfSyncItem = { orgId: string; customerId: string | null; runId: string; runAt: string; differences: unknown; fixed: boolean; error: string | null };

export type HealthLists = {
  pastDue: HealthItem[];
  trialsEnding: HealthItem[];
  cancelling: HealthItem[];
  incomplete: HealthItem[];
  outOfSync: OutOfSyncItem[];
  alerts: { id: string; kind: string; orgId: string | null; title: string; createdAt: string; details: unknown }[];
  gracePeriodDays: number;
};

/**
 * Subscription health for the admin console: past_due (with days left in the grace period), trials
 * ending within 7 days, cancelling at period end, incomplete, organisations the last reconciler run
 * found out of sync, and recent admin alerts (unusual usage).
 */
export async function getHealthLists(limit = 100): Promise<HealthLists> {
  const t = nowMs();
  const graceMs = env.GRACE_PERIOD_DAYS * DAY;
  const list = (where: ReturnType<typeof sql>, order: ReturnType<typeof sql>) =>
    rows(
      db,
      sql`select s.id, s.org_id, o.name as org_name, s.plan_key, s.status, s.past_due_since, s.trial_end, s.current_period_end, s.cancel_at, s.created_at
        from subscriptions s join organizations o on o.id = s.org_id where ${where} order by ${order} limit ${limit}`,
    );
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  const base = (r: Record<string, unknown>) => ({ subscriptionId: String(r.id), orgId: String(r.org_id), orgName: String(r.org_name), planKey: String(r.plan_key), status: String(r.status) });

  const pastDue = (await list(sql`s.status = 'past_due'`, sql`s.past_due_since asc nulls last`)).map((r) => {
    const since = r.past_due_since ? new Date(r.past_due_since as string).getTime() : null;
    const graceEnd = since === null ? null : since + graceMs;
    const daysLeft = graceEnd === null ? null : Math.max(0, Math.ceil((graceEnd - t) / DAY));
    return {
      ...base(r),
      at: graceEnd === null ? null : new Date(graceEnd).toISOString(),
      daysLeft,
      action: daysLeft === 0 ? "Grace period over: access is restricted. Contact the customer or sync from Stripe after they pay." : "Ask the customer to update their card; sync from Stripe after they pay.",
    };
  });
  const trialsEnding = (
    await list(sql`s.status = 'trialing' and s.trial_end is not null and s.trial_end <= ${ts(new Date(t + 7 * DAY))}`, sql`s.trial_end asc`)
  ).map((r) => ({
    ...base(r),
    at: iso(r.trial_end),
    daysLeft: Math.max(0, Math.ceil((Date.parse(iso(r.trial_end)!) - t) / DAY)),
    action: "Check the customer has a payment method before the trial ends.",
  }));
  const cancelling = (await list(sql`s.cancel_at_period_end = true and s.status in ('active', 'trialing', 'past_due')`, sql`s.current_period_end asc`)).map((r) => ({
    ...base(r),
    at: iso(r.cancel_at) ?? iso(r.current_period_end),
    daysLeft: Math.max(0, Math.ceil((Date.parse((iso(r.cancel_at) ?? iso(r.current_period_end))!) - t) / DAY)),
    action: "Reach out before the period ends; the customer can resume in the billing portal.",
  }));
  const incomplete = (await list(sql`s.status = 'incomplete'`, sql`s.created_at desc`)).map((r) => ({
    ...base(r),
    at: iso(r.created_at),
    daysLeft: null,
    action: "First payment not completed: sync from Stripe, or cancel if abandoned (Stripe expires it after 23 hours).",
  }));

  const [run] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
  const outOfSync: OutOfSyncItem[] = run
    ? (run.report as { orgId: string; customerId: string | null; differences: unknown[]; fixed: boolean; error: string | null }[])
        .filter((e) => (e.differences?.length ?? 0) > 0 || e.error)
        .map((e) => ({ orgId: e.orgId, customerId: e.customerId, runId: run.id, runAt: run.startedAt.toISOString(), differences: e.differences, fixed: e.fixed, error: e.error }))
    : [];
  const alerts = (await db.select().from(adminAlerts).orderBy(desc(adminAlerts.createdAt)).limit(20)).map((a) => ({
    id: a.id,
    kind: a.kind,
    orgId: a.orgId,
    title: a.title,
    createdAt: a.createdAt.toISOString(),
    details: a.details,
  }));
  return { pastDue, trialsEnding, cancelling, incomplete, outOfSync, alerts, gracePeriodDays: env.GRACE_PERIOD_DAYS };
}
