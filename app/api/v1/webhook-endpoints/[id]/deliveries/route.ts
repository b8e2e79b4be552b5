import { NextResponse } from "next/server";
import { webhookDeliveriesQuery } from "@/lib/api/schemas/webhooks";
import { webhookDeliveryListToWire } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { pageWebhookDeliveries } from "@/lib/webhooks-out/deliveries";

export const dynamic = "force-dynamic";

/** The endpoint's delivery log, newest first; `?limit=&cursor=`. */
export const GET = withApiKey<{ id: string }>("billing:read", async (req, key, ctx) => {
  const { id } = await ctx.params;
  const q = readQuery(req, webhookDeliveriesQuery);
  return NextResponse.json(webhookDeliveryListToWire(await pageWebhookDeliveries({ orgId: key.orgId, endpointId: id, limit: q.limit, cursor: q.cursor })));
});
