import "server-only";
import { and, eq, isNotNull, lte, gt, inArray } from "drizzle-orm";
import { db } from "@/db";
import { organizations, subscriptions } from "@/db/schema";
import { takeSnapshot } from "@/lib/analytics/take-snapshot";
import { dayOf } from "@/lib/analytics/days";
import type { Scope } from "@/lib/analytics/scope";
import { record, type Actor } from "@/lib/events/record";
import { getPlan } from "@/lib/billing/catalog";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { notifyTrialEnding } from "@/lib/billing/billing-notices";
import { BILLED_STATUSES } from "@/lib/billing/subscription-states";
import { nowMs } from "@/lib/clock";
import { env } from "@/lib/env";

const DAY = 86_400_000;
const JOB: Actor = { type: "job", id: "ops-subscription-monitor" };
/** Notices go out this many days before a trial ends or a cancelled subscription expires. */
export const NOTICE_DAYS = 3;

export type MonitorResult = { trialNotices: number; expiryNotices: number; restricted: number; snapshotDay: string | null };

const planName = (key: string) => getPlan(key)?.name ?? key;
const dayText = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The daily subscription monitor:
 * - trials ending within NOTICE_DAYS → "your trial ends soon" (same dedupe key as the
 *   trial_will_end webhook, so a customer hears it once even if both fire);
 * - subscriptions set to cancel at period end, ending within NOTICE_DAYS → "your plan ends";
 * - past_due beyond GRACE_PERIOD_DAYS → restricted to free-plan limits (resolveOrgPlan applies it;
 *   here: the customer is told once, an audit row records it, the plan cache is dropped);
 * - the day's analytics snapshot and rollup (takeSnapshot).
 */
export async function runSubscriptionMonitor(options: Scope & { at?: Date; snapshot?: boolean } = {}): Promise<MonitorResult> {
  const t = options.at?.getTime() ?? nowMs();
  const soon = new Date(t + NOTICE_DAYS * DAY);
  const scoped = options.orgIds ? [inArray(subscriptions.orgId, options.orgIds.length ? options.orgIds : ["-"])] : [];
  const result: MonitorResult = { trialNotices: 0, expiryNotices: 0, restricted: 0, snapshotDay: null };

  const trials = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.status, "trialing"), isNotNull(subscriptions.trialEnd), lte(subscriptions.trialEnd, soon), gt(subscriptions.trialEnd, new Date(t)), ...scoped));
  for (const s of trials) {
    if (await notifyTrialEnding(s.orgId, s.id, JOB)) result.trialNotices++;
  }

  const ending = await db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.cancelAtPeriodEnd, true),
        inArray(subscriptions.status, [...BILLED_STATUSES]),
        lte(subscriptions.currentPeriodEnd, soon),
        gt(subscriptions.currentPeriodEnd, new Date(t)),
        ...scoped,
      ),
    );
  for (const s of ending) {
    const ends = s.cancelAt ?? s.currentPeriodEnd;
    const sent = await record(db, {
      actor: JOB,
      orgId: s.orgId,
      target: s.id,
      event: { type: "subscription.ending_soon", data: { subscription_id: s.id, plan: s.planKey, ends_at: ends.toISOString() } },
      key: `subscription_ending:${s.id}:${Math.floor(ends.getTime() / 1000)}`,
      notice: {
        kind: "subscription_ending",
        title: "Your plan ends soon",
        body: `Your ${planName(s.planKey)} plan ends on ${dayText(ends)}; you can resume it from the billing page until then.`,
        email: true,
      },
    });
    if (sent) result.expiryNotices++;
  }

  const graceStart = new Date(t - env.GRACE_PERIOD_DAYS * DAY);
  const lapsed = await db
    .select({ sub: subscriptions, orgName: organizations.name })
    .from(subscriptions)
    .innerJoin(organizations, eq(organizations.id, subscriptions.orgId))
    .where(and(eq(subscriptions.status, "past_due"), isNotNull(subscriptions.pastDueSince), lte(subscriptions.pastDueSince, graceStart), ...scoped));
  for (const { sub: s } of lapsed) {
    const isNew = await record(db, {
      actor: JOB,
      orgId: s.orgId,
      action: "subscription.restricted",
      target: s.id,
      before: { status: s.status, pastDueSince: s.pastDueSince!.toISOString() },
      after: { restricted: true, gracePeriodDays: env.GRACE_PERIOD_DAYS },
      event: {
        type: "invoice.overdue",
        data: { subscription_id: s.id, plan: s.planKey, past_due_since: s.pastDueSince!.toISOString(), grace_period_days: env.GRACE_PERIOD_DAYS, restricted: true },
      },
      key: `restricted:${s.id}:${Math.floor(s.pastDueSince!.getTime() / 1000)}`,
      notice: {
        kind: "access_restricted",
        title: "Payment overdue: your plan is restricted",
        body: `We could not collect payment for your ${planName(s.planKey)} plan for ${env.GRACE_PERIOD_DAYS} days, so free-plan limits now apply. Update your payment method to restore it.`,
        email: true,
      },
    });
    if (isNew) {
      invalidateOrgPlan(s.orgId);
      result.restricted++;
    }
  }

  if (options.snapshot !== false) {
    const snap = await takeSnapshot({ day: dayOf(new Date(t)), ...(options.orgIds ? { orgIds: options.orgIds } : {}) });
    result.snapshotDay = snap.day;
  }
  return result;
}
