import { and, eq, isNull } from "drizzle-orm";
import { onboardingSessions, type OnboardingSession } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { nextStep, markDone, type OnboardingStep } from "./steps";

/** Read an organisation's onboarding session (null when it never started one). */
export async function loadSession(orgId: string, tx?: DbOrTx): Promise<OnboardingSession | null> {
  const run = async (t: DbOrTx) => {
    const [row] = await t.select().from(onboardingSessions).where(eq(onboardingSessions.orgId, orgId));
    return row ?? null;
  };
  return tx ? run(tx) : withOrg(orgId, run);
}

/** The newest unfinished session a user started (to resume after signing in again). */
export async function findOpenSessionForUser(tx: DbOrTx, userId: string): Promise<OnboardingSession | null> {
  const rows = await tx
    .select()
    .from(onboardingSessions)
    .where(and(eq(onboardingSessions.userId, userId), isNull(onboardingSessions.completedAt)))
    .orderBy(onboardingSessions.createdAt);
  return rows.at(-1) ?? null;
}

export type SessionPatch = Partial<Pick<OnboardingSession, "planKey" | "interval" | "discountCode" | "paymentMethodId" | "subscriptionId" | "apiKeyId" | "creditsGranted" | "completedAt">>;

/** Mark `step` done, apply `patch`, and recompute the current step — one UPDATE. */
export async function completeStep(tx: DbOrTx, session: OnboardingSession, step: OnboardingStep | null, patch: SessionPatch = {}) {
  const completed = step ? markDone(session.completedSteps, step) : [...session.completedSteps];
  const planKey = patch.planKey !== undefined ? patch.planKey : session.planKey;
  const currentStep = nextStep({ completed, planKey });
  const [row] = await tx
    .update(onboardingSessions)
    .set({ ...patch, completedSteps: completed, currentStep, updatedAt: now() })
    .where(eq(onboardingSessions.orgId, session.orgId))
    .returning();
  return row!;
}
