import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { planChangeBody } from "@/lib/billing/api-schemas";
import { changePlan } from "@/lib/billing/change-plan";
import { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The organisation's subscription (mirror) and effective plan. */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json(await getSubscriptionSummary(key.orgId)));

/** Change plan / interval: upgrades now (prorated), downgrades at the period end. */
export const PATCH = withApiKey("billing:write", async (req, key, _ctx, info) => {
  const body = await readJson(req, planChangeBody);
  const out = await changePlan({ orgId: key.orgId, planKey: body.plan, interval: body.interval, prorationDate: body.prorationDate, actor: key.actor, idempotencyKey: req.headers.get("idempotency-key") ?? info.requestId });
  return NextResponse.json({ kind: out.kind, effectiveAt: out.effectiveAt, ...(await getSubscriptionSummary(key.orgId)) });
});
