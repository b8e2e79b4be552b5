import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { checkoutBody } from "@/lib/api/schemas/billing";
import { createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Start a subscription checkout → `{ id, url }` to redirect the customer to. */
export const POST = withApiKey("billing:write", async (req, key) => {
  const body = await readJson(req, checkoutBody);
  const out = await createCheckoutSession({ orgId: key.orgId, planKey: body.plan, interval: body.interval, promotionCode: body.promotion_code, successUrl: body.success_url, cancelUrl: body.cancel_url, actor: key.actor, idempotencyKey: req.headers.get("idempotency-key") ?? undefined });
  return NextResponse.json(out, { status: 201 });
});
