import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { resendWebhookDelivery } from "@/lib/webhooks-out/deliveries";

export const dynamic = "force-dynamic";

/** Send one of the endpoint's deliveries again now, whatever its status (audited). */
export const POST = withApiKey<{ id: string; deliveryId: string }>("billing:write", async (_req, key, ctx) => {
  const { id, deliveryId } = await ctx.params;
  const { resent } = await resendWebhookDelivery({ orgId: key.orgId, actor: key.actor, endpointId: id, deliveryId });
  return NextResponse.json({ id: deliveryId, resent }, { status: 202 });
});
