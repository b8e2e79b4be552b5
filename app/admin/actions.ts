"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAdjustCredits, adminAdjustCreditsSchema } from "@/lib/analytics/admin-adjust-credits";
import { adminCancelSubscription, adminCancelSubscriptionSchema } from "@/lib/analytics/admin-cancel-subscription";
import { adminCompPlan, adminCompPlanSchema } from "@/lib/analytics/admin-comp-plan";
import { adminReplayEvent, adminReplayFailedEvents } from "@/lib/analytics/admin-replay-events";
import { adminRunReconciliation } from "@/lib/analytics/admin-run-reconciliation";
import { adminSyncCustomer } from "@/lib/analytics/admin-sync-customer";
import { adminTakeSnapshot } from "@/lib/analytics/admin-take-snapshot";
import { requireAdmin } from "@/lib/auth/guards";
import { runAction } from "@/lib/http/action";
import { moveSandboxClock } from "@/lib/stripe/sandbox-control";

/** Admin console server actions: requireAdmin → zod → one lib call (each audited there) → refresh. */

export async function adjustCreditsAction(input: unknown) {
  return runAction(adminAdjustCreditsSchema, input, async (data) => {
    const admin = await requireAdmin();
    const res = await adminAdjustCredits(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return res;
  });
}

const orgSchema = z.object({ orgId: z.string().min(1).max(100) });

export async function syncCustomerAction(input: unknown) {
  return runAction(orgSchema, input, async ({ orgId }) => {
    const admin = await requireAdmin();
    const res = await adminSyncCustomer(orgId, admin.actor);
    revalidatePath(`/admin/organizations/${orgId}`);
    return { changes: res.changes.length };
  });
}

export async function cancelSubscriptionAction(input: unknown) {
  return runAction(adminCancelSubscriptionSchema, input, async (data) => {
    const admin = await requireAdmin();
    await adminCancelSubscription(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return { ok: true };
  });
}

export async function compPlanAction(input: unknown) {
  return runAction(adminCompPlanSchema, input, async (data) => {
    const admin = await requireAdmin();
    const res = await adminCompPlan(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return res;
  });
}

export async function replayEventAction(input: unknown) {
  return runAction(z.object({ eventId: z.string().min(1).max(255) }), input, async ({ eventId }) => {
    const admin = await requireAdmin();
    const outcome = await adminReplayEvent(eventId, admin.actor);
    revalidatePath("/admin/webhooks");
    return outcome;
  });
}

export async function replayFailedEventsAction(input: unknown) {
  return runAction(z.object({}), input ?? {}, async () => {
    const admin = await requireAdmin();
    const res = await adminReplayFailedEvents(admin.actor);
    revalidatePath("/admin/webhooks");
    return res;
  });
}

export async function reconcileNowAction(input: unknown) {
  return runAction(z.object({}), input ?? {}, async () => {
    const admin = await requireAdmin();
    const run = await adminRunReconciliation(admin.actor);
    revalidatePath("/admin/health");
    return { status: run.status, driftCount: run.driftCount, errorCount: run.errorCount };
  });
}

export async function takeSnapshotAction(input: unknown) {
  return runAction(z.object({}), input ?? {}, async () => {
    const admin = await requireAdmin();
    const res = await adminTakeSnapshot(admin.actor);
    revalidatePath("/admin");
    return { day: res.day, subscriptions: res.subscriptions };
  });
}

const clockSchema = z.object({ advance: z.string().regex(/^\d{1,4}\s*(d|h|m)$/, "expected a duration such as 1d, 12h or 30m") });

/** Sandbox only: move the test clock (and the app clock) forward. moveSandboxClock audits it. */
export async function advanceClockAction(input: unknown) {
  return runAction(clockSchema, input, async ({ advance }) => {
    const admin = await requireAdmin();
    const state = await moveSandboxClock({ advance }, admin.actor);
    revalidatePath("/admin", "layout");
    return state;
  });
}
