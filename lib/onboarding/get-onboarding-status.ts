import { eq } from "drizzle-orm";
import { organizations, type OnboardingSession } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { loadSession } from "./session";
import { applicableSteps, nextStep, ONBOARDING_STEPS, type OnboardingStep } from "./steps";

export type OnboardingStatus = {
  org_id: string | null;
  step: OnboardingStep;
  completed: boolean;
  steps: { key: OnboardingStep; title: string; done: boolean; skipped: boolean }[];
  plan: { key: string; interval: string | null; discount_code: string | null } | null;
  stripe_customer_id: string | null;
  payment_method_id: string | null;
  subscription_id: string | null;
  api_key_created: boolean;
};

export function statusOf(orgId: string | null, session: OnboardingSession | null, customerId: string | null): OnboardingStatus {
  const completed = session?.completedSteps ?? [];
  const planKey = session?.planKey ?? null;
  const applicable = applicableSteps({ planKey });
  return {
    org_id: orgId,
    step: session ? nextStep({ completed, planKey }) : "start",
    completed: Boolean(session?.completedAt),
    steps: ONBOARDING_STEPS.map((s) => ({ key: s.key, title: s.title, done: completed.includes(s.key), skipped: !applicable.includes(s.key) })),
    plan: planKey ? { key: planKey, interval: session?.interval ?? null, discount_code: session?.discountCode ?? null } : null,
    stripe_customer_id: customerId,
    payment_method_id: session?.paymentMethodId ?? null,
    subscription_id: session?.subscriptionId ?? null,
    api_key_created: Boolean(session?.apiKeyId && !session.apiKeyId.startsWith("pending:")),
  };
}

/**
 * The wizard's state for an organisation: the step to show and what is done. An organisation that
 * exists but never opened the wizard is at "customer" (its account and name exist) without a row.
 */
export async function getOnboardingStatus(orgId: string | null): Promise<OnboardingStatus> {
  if (!orgId) return statusOf(null, null, null);
  return withOrg(orgId, async (tx) => {
    const session = await loadSession(orgId, tx);
    const [org] = await tx.select({ customerId: organizations.stripeCustomerId }).from(organizations).where(eq(organizations.id, orgId));
    if (session) return statusOf(orgId, session, org?.customerId ?? null);
    const s = statusOf(orgId, null, org?.customerId ?? null);
    return { ...s, step: "customer", steps: s.steps.map((x) => (x.key === "start" ? { ...x, done: true } : x)) };
  });
}
