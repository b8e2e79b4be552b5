import { NextResponse } from "next/server";
import { webhookEndpointUpdateBody } from "@/lib/api/schemas/webhooks";
import { webhookEndpointToWire } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { readJson } from "@/lib/http/respond";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks-out/endpoints";

export const dynamic = "force-dynamic";

/** Change an endpoint's URL, event types or enabled flag (audited). */
export const PATCH = withApiKey<{ id: string }>("billing:write", async (req, key, ctx) => {
  const { id } = await ctx.params;
  const { url, event_types, enabled } = await readJson(req, webhookEndpointUpdateBody);
  const endpoint = await updateWebhookEndpoint({ orgId: key.orgId, actor: key.actor, endpointId: id, url, eventTypes: event_types, enabled });
  return NextResponse.json(webhookEndpointToWire(endpoint));
});

/** Delete an endpoint and its delivery log (audited). */
export const DELETE = withApiKey<{ id: string }>("billing:write", async (_req, key, ctx) => {
  const { id } = await ctx.params;
  await deleteWebhookEndpoint({ orgId: key.orgId, actor: key.actor, endpointId: id });
  return NextResponse.json({ id, deleted: true as const });
});
