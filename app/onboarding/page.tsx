import { redirect } from "next/navigation";
import { requireOrgRole } from "@/lib/auth/guards";
import { userPage } from "@/lib/auth/page-guards";
import { AppError } from "@/lib/errors";
import { getOnboardingStatus } from "@/lib/onboarding/get-onboarding-status";
import { stepPath } from "@/lib/onboarding/steps";

/** /onboarding: resume at the step the session says. */
export default async function OnboardingIndex() {
  await userPage("/onboarding");
  let orgId: string | null = null;
  try {
    orgId = (await requireOrgRole("member")).org.id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === "no_organization")) throw err;
  }
  const status = await getOnboardingStatus(orgId);
  redirect(status.completed ? "/billing" : stepPath(status.step));
}
