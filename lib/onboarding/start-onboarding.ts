import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { memberships, onboardingSessions, organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import type { Actor } from "@/lib/audit/write-audit";
import { now } from "@/lib/clock";
import { conflict, forbidden } from "@/lib/errors";
import { createOrganization } from "@/lib/orgs/create-organization";
import { loadSession } from "./session";
import { markDone, nextStep } from "./steps";

export const ORG_ID_PATTERN = /^org_[0-9A-Za-z]{20}$/;

async function isMember(orgId: string, userId: string) {
  const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return m ?? null;
}

/** Create the session row for an existing organisation (step "start" done). Idempotent. */
export async function ensureSession(orgId: string, userId: string | null) {
  return withOrg(orgId, async (tx) => {
    const completed = markDone([], "start");
    await tx
      .insert(onboardingSessions)
      .values({ orgId, userId, currentStep: nextStep({ completed, planKey: null }), completedSteps: completed, createdAt: now(), updatedAt: now() })
      .onConflictDoNothing({ target: onboardingSessions.orgId });
    return (await loadSession(orgId, tx))!;
  });
}

/**
 * Step 1: create the organisation (owned by the user) and its onboarding session. `orgId` is chosen
 * when the form is rendered, so submitting the same form twice (double click, retry, back button)
 * lands on the same organisation instead of creating a second one.
 */
export async function startOnboarding(input: { userId: string; name: string; orgId: string; actor: Actor }) {
  const name = input.name.trim();
  const existing = await isMember(input.orgId, input.userId);
  if (existing && existing.role === "member") throw forbidden("Only an organisation admin or owner can set up billing.");
  if (!existing) {
    try {
      await createOrganization({ id: input.orgId, name, ownerId: input.userId, actor: input.actor });
    } catch (err) {
      // A concurrent submission of the same form created it first: fine when it is ours.
      if (!(await isMember(input.orgId, input.userId))) {
        const [taken] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.orgId));
        if (taken) throw conflict("This form was already used. Reload the page and try again.");
        throw err;
      }
    }
  }
  const session = await ensureSession(input.orgId, input.userId);
  return { orgId: input.orgId, name, session, created: !existing };
}
