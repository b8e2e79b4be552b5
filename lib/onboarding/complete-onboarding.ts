import { and, eq, isNull } from "drizzle-orm";
import { onboardingSessions, subscriptions } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import type { Actor } from "@/lib/audit/write-audit";
import { createApiKey } from "@/lib/auth/create-api-key";
import { getPlan } from "@/lib/billing/catalog";
import { subscriptionState } from "@/lib/billing/subscription-states";
import { now } from "@/lib/clock";
import { grantCredits } from "@/lib/credits/grant-credits";
import { conflict } from "@/lib/errors";
import { completeStep, loadSession } from "./session";

/** The same key the invoice.paid webhook uses, so the plan's credits are granted once whoever is first. */
export const periodCreditsKey = (subscriptionId: string, periodStart: Date) => `sub:${subscriptionId}:${Math.floor(periodStart.getTime() / 1000)}`;

export type CompleteResult = {
  /** The full key: only in the call that created it (shown once). */
  apiKey: { id: string; prefix: string; key: string } | null;
  alreadyShown: boolean;
  credits: { granted: number; balance: number } | null;
};

/**
 * Step 6: provision the tenant — the first API key (created once: the session row is claimed before
 * the key is made, so concurrent submits cannot make two), the plan's credits for the current period
 * (idempotent with the webhook's grant), and the session marked complete.
 */
export async function completeOnboarding(input: { orgId: string; userId: string; actor: Actor }): Promise<CompleteResult> {
  const { orgId } = input;
  const session = await loadSession(orgId);
  if (!session || !session.completedSteps.includes("subscription")) throw conflict("Confirm your subscription first.", "subscription_missing");

  // Claim the right to create the first key.
  const claim = `pending:${now().getTime()}:${Math.random().toString(36).slice(2)}`;
  const claimed = await withOrg(orgId, (tx) =>
    tx
      .update(onboardingSessions)
      .set({ apiKeyId: claim })
      .where(and(eq(onboardingSessions.orgId, orgId), isNull(onboardingSessions.apiKeyId)))
      .returning({ orgId: onboardingSessions.orgId }),
  );
  let apiKey: CompleteResult["apiKey"] = null;
  if (claimed.length) {
    try {
      const k = await createApiKey({ orgId, name: "Default key", actor: input.actor, createdBy: input.userId });
      apiKey = { id: k.id, prefix: k.prefix, key: k.key };
    } catch (err) {
      await withOrg(orgId, (tx) => tx.update(onboardingSessions).set({ apiKeyId: null }).where(and(eq(onboardingSessions.orgId, orgId), eq(onboardingSessions.apiKeyId, claim))));
      throw err;
    }
  }

  let credits: CompleteResult["credits"] = null;
  const plan = session.planKey ? getPlan(session.planKey) : undefined;
  if (plan && plan.includedCredits > 0 && session.subscriptionId) {
    const [sub] = await withOrg(orgId, (tx) => tx.select().from(subscriptions).where(and(eq(subscriptions.id, session.subscriptionId!), eq(subscriptions.orgId, orgId))));
    if (sub && subscriptionState(sub.status).access === "plan" && sub.currentPeriodEnd > now()) {
      const res = await grantCredits({
        orgId,
        source: "subscription",
        amount: plan.includedCredits,
        expiresAt: sub.currentPeriodEnd,
        idempotencyKey: periodCreditsKey(sub.id, sub.currentPeriodStart),
        actor: input.actor,
        reason: `${plan.name} credits for the period from ${sub.currentPeriodStart.toISOString().slice(0, 10)}`,
      });
      credits = { granted: plan.includedCredits, balance: res.balance };
    }
  }

  await withOrg(orgId, async (tx) => {
    const fresh = (await loadSession(orgId, tx))!;
    await completeStep(tx, fresh, "complete", {
      ...(apiKey ? { apiKeyId: apiKey.id } : {}),
      ...(credits ? { creditsGranted: { amount: credits.granted, key: session.subscriptionId! } } : {}),
      completedAt: fresh.completedAt ?? now(),
    });
  });
  return { apiKey, alreadyShown: !apiKey, credits };
}
