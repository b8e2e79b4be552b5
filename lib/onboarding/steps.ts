/**
 * THE onboarding step list: order, URL segment and title of each step of the wizard
 * (app/onboarding). Everything else — progress, "what is next", skipping payment for the free
 * plan, resuming — is derived from this one `as const` list.
 */
export const ONBOARDING_STEPS = [
  { key: "start", title: "Start", description: "Your organisation" },
  { key: "customer", title: "Billing details", description: "Company, billing email, country" },
  { key: "payment", title: "Payment method", description: "A card for your subscription" },
  { key: "plan", title: "Plan", description: "Choose a plan" },
  { key: "subscription", title: "Subscription", description: "Review and confirm" },
  { key: "complete", title: "Complete", description: "Your API key and quick start" },
] as const;

export type OnboardingStep = (typeof ONBOARDING_STEPS)[number]["key"];
export const STEP_KEYS: readonly OnboardingStep[] = ONBOARDING_STEPS.map((s) => s.key);

export function isStep(value: string): value is OnboardingStep {
  return (STEP_KEYS as readonly string[]).includes(value);
}

export function stepIndex(step: OnboardingStep): number {
  return STEP_KEYS.indexOf(step);
}

export type StepState = {
  completed: readonly string[];
  /** The chosen plan (null until the plan step); "free" skips the payment step. */
  planKey: string | null;
};

/** Steps that apply: the payment step is skipped once the free plan is chosen. */
export function applicableSteps(state: Pick<StepState, "planKey">): OnboardingStep[] {
  return STEP_KEYS.filter((k) => !(k === "payment" && state.planKey === "free"));
}

/**
 * The step to show: the first applicable step not completed, in list order, except that "payment"
 * is only required before "subscription" (the plan can be picked first), so a paid plan chosen
 * before a card was added sends the user back to payment.
 */
export function nextStep(state: StepState): OnboardingStep {
  const done = new Set(state.completed);
  for (const k of applicableSteps(state)) if (!done.has(k)) return k;
  return "complete";
}

/** May the user open `step` now? Completed steps can be revisited until the subscription exists. */
export function canOpenStep(step: OnboardingStep, state: StepState): boolean {
  const done = new Set(state.completed);
  const steps = applicableSteps(state);
  if (!steps.includes(step)) return false;
  if (done.has("subscription") && step !== "complete") return false;
  if (step === "start") return !done.has("start");
  // every applicable step before it must be done
  for (const k of steps) {
    if (k === step) return true;
    if (!done.has(k)) return false;
  }
  return false;
}

/** Progress for the stepper: each applicable step and whether it is done / current. */
export function progress(state: StepState, current: OnboardingStep) {
  const done = new Set(state.completed);
  const steps = applicableSteps(state);
  return {
    steps: ONBOARDING_STEPS.filter((s) => steps.includes(s.key)).map((s, i) => ({
      ...s,
      number: i + 1,
      done: done.has(s.key),
      current: s.key === current,
    })),
    total: steps.length,
    position: steps.indexOf(current) + 1,
  };
}

/** Mark a step done (idempotent; keeps list order). */
export function markDone(completed: readonly string[], step: OnboardingStep): string[] {
  const set = new Set([...completed, step]);
  return STEP_KEYS.filter((k) => set.has(k));
}

export const stepPath = (step: OnboardingStep) => `/onboarding/${step}`;
