import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { cancelBody } from "@/lib/api/schemas/billing";
import { serializeCancel } from "@/lib/api/serializers";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Cancel at the period end (immediate cancellation is for platform admins, in the admin console). */
export const POST = withApiKey("billing:write", async (req, key) => {
  const body = await readJson(req, cancelBody);
  const out = await cancelSubscription({ orgId: key.orgId, when: "period_end", reason: body.reason, actor: key.actor });
  return NextResponse.json(serializeCancel(out, await getSubscriptionSummary(key.orgId)));
});
