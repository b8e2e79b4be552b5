import { NextResponse } from "next/server";
import { z } from "zod";
import { requireOrgRole } from "@/lib/auth/guards";
import { withUser } from "@/lib/auth/route-guards";
import { AppError } from "@/lib/errors";
import { readQuery } from "@/lib/http/respond";
import { getOnboardingStatus } from "@/lib/onboarding/get-onboarding-status";

const query = z.object({ org_id: z.string().min(1).max(64).optional() });

/** The signed-in user's onboarding: the step to show and what is done (active organisation, or ?org_id=). */
export const GET = withUser(async (req) => {
  const { org_id } = readQuery(req, query);
  let orgId: string | null = null;
  try {
    orgId = (await requireOrgRole("member", org_id)).org.id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === "no_organization")) throw err;
  }
  return NextResponse.json(await getOnboardingStatus(orgId), { headers: { "cache-control": "no-store" } });
});
