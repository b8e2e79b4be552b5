import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { serializeSubscriptionSummary } from "@/lib/api/serializers";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { resumeSubscription } from "@/lib/billing/resume-subscription";

export const dynamic = "force-dynamic";

/** Undo a cancellation scheduled for the period end. */
export const POST = withApiKey("billing:write", async (_req, key) => {
  await resumeSubscription({ orgId: key.orgId, actor: key.actor });
  return NextResponse.json(serializeSubscriptionSummary(await getSubscriptionSummary(key.orgId)));
});
