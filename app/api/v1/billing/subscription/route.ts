import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { planChangeBody } from "@/lib/api/schemas/billing";
import { serializePlanChange, serializeSubscriptionSummary } from "@/lib/api/serializers";
import { changePlan } from "@/lib/billing/change-plan";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The organisation's subscription (mirror) and effective plan. */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json(serializeSubscriptionSummary(await getSubscriptionSummary(key.orgId))));

/** Change plan / interval: upgrades now (prorated), downgrades at the period end. */
export const PATCH = withApiKey("billing:write", async (req, key, _ctx, info) => {
  const body = await readJson(req, planChangeBody);
  const out = await changePlan({ orgId: key.orgId, planKey: body.plan, interval: body.interval, prorationDate: body.proration_date, actor: key.actor, idempotencyKey: req.headers.get("idempotency-key") ?? info.requestId });
  return NextResponse.json(serializePlanChange(out, await getSubscriptionSummary(key.orgId)));
});
