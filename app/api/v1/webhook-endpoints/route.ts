import { NextResponse } from "next/server";
import { webhookEndpointCreateBody } from "@/lib/api/schemas/webhooks";
import { webhookEndpointToWire } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { readJson } from "@/lib/http/respond";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks-out/endpoints";

export const dynamic = "force-dynamic";

/** The organisation's webhook endpoints (never their secrets). */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json({ data: (await listWebhookEndpoints(key.orgId)).map(webhookEndpointToWire) }));

/** Add an endpoint (audited); the signing secret is in this answer only. */
export const POST = withApiKey("billing:write", async (req, key) => {
  const { url, event_types } = await readJson(req, webhookEndpointCreateBody);
  const { endpoint, secret } = await createWebhookEndpoint({ orgId: key.orgId, actor: key.actor, url, eventTypes: event_types });
  return NextResponse.json({ ...webhookEndpointToWire(endpoint), secret }, { status: 201 });
});
