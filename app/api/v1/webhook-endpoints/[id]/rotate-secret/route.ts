import { NextResponse } from "next/server";
import { webhookEndpointToWire } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { rotateWebhookSecret } from "@/lib/webhooks-out/endpoints";

export const dynamic = "force-dynamic";

/** A new signing secret (in this answer only); the previous one keeps signing alongside it for 24 h (audited). */
export const POST = withApiKey<{ id: string }>("billing:write", async (_req, key, ctx) => {
  const { id } = await ctx.params;
  const { endpoint, secret } = await rotateWebhookSecret({ orgId: key.orgId, actor: key.actor, endpointId: id });
  return NextResponse.json({ ...webhookEndpointToWire(endpoint), secret });
});
