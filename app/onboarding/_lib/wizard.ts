import "server-only";
import { redirect } from "next/navigation";
import { requireOrgRole, type OrgContext } from "@/lib/auth/guards";
import { userPage } from "@/lib/auth/page-guards";
import { AppError } from "@/lib/errors";
import { getOnboardingStatus, type OnboardingStatus } from "@/lib/onboarding/get-onboarding-status";
import { canOpenStep, progress, stepPath, type OnboardingStep } from "@/lib/onboarding/steps";

export type Wizard = { ctx: OrgContext | null; status: OnboardingStatus; progress: ReturnType<typeof progress> };

/**
 * Guard a wizard page: signed in (else sign-in), an owner/admin of the organisation being onboarded,
 * and the step open (else redirect to the step to resume at; a finished wizard goes to /billing).
 */
export async function openStep(step: OnboardingStep): Promise<Wizard> {
  await userPage(stepPath(step));
  let ctx: OrgContext | null = null;
  try {
    ctx = await requireOrgRole("member");
  } catch (err) {
    if (!(err instanceof AppError && err.code === "no_organization")) throw err;
  }
  if (ctx && ctx.role === "member") redirect("/billing");
  const status = await getOnboardingStatus(ctx?.org.id ?? null);
  if (status.completed && step !== "complete") redirect("/billing");
  const completed = status.steps.filter((s) => s.done).map((s) => s.key);
  const state = { completed, planKey: status.plan?.key ?? null };
  if (step === "start" && ctx) redirect(stepPath(status.step));
  if (step !== "start" && !ctx) redirect(stepPath("start"));
  if (step !== "start" && step !== status.step && !canOpenStep(step, state)) redirect(stepPath(status.step));
  return { ctx, status, progress: progress(state, step) };
}
