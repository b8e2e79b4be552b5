import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { sendTestWebhook } from "@/lib/webhooks-out/deliveries";

export const dynamic = "force-dynamic";

/** Queue a `webhook.test` event to the endpoint now (audited; it appears in the delivery log). */
export const POST = withApiKey<{ id: string }>("billing:write", async (_req, key, ctx) => {
  const { id } = await ctx.params;
  const deliveryId = await sendTestWebhook({ orgId: key.orgId, actor: key.actor, endpointId: id });
  return NextResponse.json({ delivery_id: deliveryId }, { status: 202 });
});
