"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/auth/action-clients";
import { adminAdjustCredits, adminAdjustCreditsSchema } from "@/lib/analytics/admin-adjust-credits";
import { adminCancelSubscription, adminCancelSubscriptionSchema } from "@/lib/analytics/admin-cancel-subscription";
import { adminCompPlan, adminCompPlanSchema } from "@/lib/analytics/admin-comp-plan";
import { adminReplayEvent, adminReplayFailedEvents } from "@/lib/analytics/admin-replay-events";
import { adminRunReconciliation } from "@/lib/analytics/admin-run-reconciliation";
import { adminSyncCustomer } from "@/lib/analytics/admin-sync-customer";
import { adminTakeSnapshot } from "@/lib/analytics/admin-take-snapshot";
import { moveSandboxClock } from "@/lib/stripe/sandbox-control";

/** Admin console server actions: adminAction (the caller is checked first) → zod → one lib call (each audited there) → refresh. */

export async function adjustCreditsAction(input: unknown) {
  return adminAction(adminAdjustCreditsSchema, input, async (data, admin) => {
    const res = await adminAdjustCredits(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return res;
  });
}

const orgSchema = z.object({ orgId: z.string().min(1).max(100) });

export async function syncCustomerAction(input: unknown) {
  return adminAction(orgSchema, input, async ({ orgId }, admin) => {
    const res = await adminSyncCustomer(orgId, admin.actor);
    revalidatePath(`/admin/organizations/${orgId}`);
    return { changes: res.changes.length };
  });
}

export async function cancelSubscriptionAction(input: unknown) {
  return adminAction(adminCancelSubscriptionSchema, input, async (data, admin) => {
    await adminCancelSubscription(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return { ok: true };
  });
}

export async function compPlanAction(input: unknown) {
  return adminAction(adminCompPlanSchema, input, async (data, admin) => {
    const res = await adminCompPlan(data, admin.actor);
    revalidatePath(`/admin/organizations/${data.orgId}`);
    return res;
  });
}

export async function replayEventAction(input: unknown) {
  return adminAction(z.object({ eventId: z.string().min(1).max(255) }), input, async ({ eventId }, admin) => {
    const outcome = await adminReplayEvent(eventId, admin.actor);
    revalidatePath("/admin/webhooks");
    return outcome;
  });
}

export async function replayFailedEventsAction(input: unknown) {
  return adminAction(z.object({}), input ?? {}, async (_data, admin) => {
    const res = await adminReplayFailedEvents(admin.actor);
    revalidatePath("/admin/webhooks");
    return res;
  });
}

export async function reconcileNowAction(input: unknown) {
  return adminAction(z.object({}), input ?? {}, async (_data, admin) => {
    const run = await adminRunReconciliation(admin.actor);
    revalidatePath("/admin/health");
    return { status: run.status, driftCount: run.driftCount, errorCount: run.errorCount };
  });
}

export async function takeSnapshotAction(input: unknown) {
  return adminAction(z.object({}), input ?? {}, async (_data, admin) => {
    const res = await adminTakeSnapshot(admin.actor);
    revalidatePath("/admin");
    return { day: res.day, subscriptions: res.subscriptions };
  });
}

const clockSchema = z.object({ advance: z.string().regex(/^\d{1,4}\s*(d|h|m)$/, "expected a duration such as 1d, 12h or 30m") });

/** Sandbox only: move the test clock (and the app clock) forward. moveSandboxClock audits it. */
export async function advanceClockAction(input: unknown) {
  return adminAction(clockSchema, input, async ({ advance }, admin) => {
    const state = await moveSandboxClock({ advance }, admin.actor);
    revalidatePath("/admin", "layout");
    return state;
  });
}
