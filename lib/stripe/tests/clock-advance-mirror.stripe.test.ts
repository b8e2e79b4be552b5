import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { reconciliationRuns } from "@/db/schema";
import { moveSandboxClock } from "@/lib/stripe/sandbox-control";
import { latestSubscription, onboardOrg, routeWebhooksToApp } from "@/lib/billing/tests/lifecycle-helpers";

/**
 * Issue 13 item 6: every clock advance made the reconciler repair drift for 1–3 organisations. Root
 * cause: "advance time" ran the scheduled jobs (the reconciler among them) straight after the sandbox
 * moved, while the webhooks the move produced were still waiting to be delivered and processed — so
 * the reconciler, not the webhooks, brought the mirror up to date. The advance now waits for its own
 * webhooks (delivered and processed) before the scheduled jobs see the new time.
 */
const HOUR = 3_600_000;
const admin = { type: "admin" as const, id: "usr_clock_admin" };
let stopRouting: () => void;
beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

describe("a clock advance keeps the mirror true through webhooks alone", () => {
  it("trial conversion and a renewal: the mirror follows, and the reconciler that runs after the move finds no drift", async () => {
    const { orgId } = await onboardOrg({ name: "Clock Drift", planKey: "pro", interval: "month" });
    for (const step of ["trial end", "renewal"]) {
      const sub = await latestSubscription(orgId);
      const target = step === "trial end" ? sub.trialEnd! : sub.currentPeriodEnd;
      await moveSandboxClock({ to: new Date(target.getTime() + HOUR).toISOString() }, admin);
      const after = await latestSubscription(orgId);
      expect([step, after.status, after.currentPeriodStart.getTime()]).toEqual([step, "active", target.getTime()]);
      const [run] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
      const ours = (run!.report as { orgId: string; differences: unknown[] }[]).filter((r) => r.orgId === orgId);
      expect([step, ours]).toEqual([step, []]);
    }
  });
});
