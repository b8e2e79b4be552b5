import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { previewBody } from "@/lib/api/schemas/billing";
import { serializePreview } from "@/lib/api/serializers";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** What a plan change would cost now (proration) and when it takes effect. */
export const POST = withApiKey("billing:read", async (req, key) => {
  const body = await readJson(req, previewBody);
  return NextResponse.json(serializePreview(await previewPlanChange({ orgId: key.orgId, planKey: body.plan, interval: body.interval })));
});
