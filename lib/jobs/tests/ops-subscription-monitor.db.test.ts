import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, metricsDaily, notifications } from "@/db/schema";
import { env } from "@/lib/env";
import { makeOrg, makeSub } from "@/lib/analytics/tests/fixture";
import { drainInlineJobs } from "../enqueue";
import { runSubscriptionMonitor } from "../ops-subscription-monitor";

const DAY = 86_400_000;
const AT = new Date(Date.UTC(2032, 4, 20, 23, 50)); // a far-future day of its own (snapshot rows are per day)

describe("subscription monitor", () => {
  it("sends trial/expiry notices once, restricts after the grace period, takes the day's snapshot", async () => {
    const trial = await makeOrg("Trial Co");
    const later = await makeOrg("Later Trial Co");
    const ending = await makeOrg("Ending Co");
    const lapsed = await makeOrg("Lapsed Co");
    const grace = await makeOrg("In Grace Co");
    const orgIds = [trial, later, ending, lapsed, grace];
    const created = new Date(AT.getTime() - 60 * DAY);
    await makeSub({ orgId: trial, planKey: "pro", status: "trialing", amountCents: 9900, createdAt: created, trialEnd: new Date(AT.getTime() + 2 * DAY) });
    await makeSub({ orgId: later, planKey: "pro", status: "trialing", amountCents: 9900, createdAt: created, trialEnd: new Date(AT.getTime() + 10 * DAY) });
    await makeSub({ orgId: ending, planKey: "starter", status: "active", amountCents: 2900, createdAt: created, cancelAtPeriodEnd: true, currentPeriodEnd: new Date(AT.getTime() + DAY) });
    const lapsedSub = await makeSub({ orgId: lapsed, planKey: "pro", status: "past_due", amountCents: 9900, createdAt: created, pastDueSince: new Date(AT.getTime() - (env.GRACE_PERIOD_DAYS + 1) * DAY) });
    await makeSub({ orgId: grace, planKey: "pro", status: "past_due", amountCents: 9900, createdAt: created, pastDueSince: new Date(AT.getTime() - DAY) });

    const first = await runSubscriptionMonitor({ at: AT, orgIds });
    expect(first).toEqual({ trialNotices: 1, expiryNotices: 1, restricted: 1, snapshotDay: "2032-05-20" });
    const again = await runSubscriptionMonitor({ at: new Date(AT.getTime() + 60_000), orgIds });
    expect(again).toEqual({ trialNotices: 0, expiryNotices: 0, restricted: 0, snapshotDay: "2032-05-20" });

    await drainInlineJobs(); // the notices are the domain events' fan-out (lib/events/dispatch.ts)
    const notes = await db.select().from(notifications).where(inArray(notifications.orgId, orgIds));
    expect(notes.map((n) => `${n.orgId === trial ? "trial" : n.orgId === ending ? "ending" : n.orgId === lapsed ? "lapsed" : "?"}:${n.kind}`).sort()).toEqual([
      "ending:subscription_ending",
      "lapsed:access_restricted",
      "trial:trial_ending",
    ]);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, lapsed), eq(auditLog.action, "subscription.restricted")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "job", target: lapsedSub });
    const [rollup] = await db.select().from(metricsDaily).where(eq(metricsDaily.day, "2032-05-20"));
    expect(rollup).toMatchObject({ mrrCents: 2900, activeSubscriptions: 1, trialingSubscriptions: 2, pastDueSubscriptions: 2 });
  });
});
