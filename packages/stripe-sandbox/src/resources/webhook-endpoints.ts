import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam } from "../errors";
import { arr, bool, mergeMetadata, reqStr, str } from "../params";
import { runtime } from "../runtime";
import { nowUnix, stripeId, type StripeObj } from "../shapes";
import { deleteObject, getObject, insertObject, saveObject } from "../store";
import { listResponse } from "./common";

/**
 * Webhook endpoints are recorded (id, url, events, the pinned api_version) but the sandbox delivers every
 * event to the host's one target, signed with the host's secret: that secret is what `create` returns.
 */
function enabledEvents(ctx: Ctx, required: boolean): string[] | undefined {
  const list = arr(ctx.params, "enabled_events");
  if (!list) {
    if (required) throw missingParam("enabled_events");
    return undefined;
  }
  if (!list.length || list.some((e) => typeof e !== "string" || !/^(\*|[a-z_]+(\.[a-z_]+)+)$/.test(e))) {
    throw invalidRequest("Invalid enabled_events: each must be an event type such as invoice.paid, or *.", "enabled_events");
  }
  return list as string[];
}

function checkUrl(url: string) {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidRequest("Invalid URL: An explicit scheme (such as https) must be provided.", "url", "url_invalid");
  }
  if (!/^https?:$/.test(u.protocol)) throw invalidRequest("Invalid URL: the scheme must be http or https.", "url", "url_invalid");
}

async function create(ctx: Ctx) {
  const url = reqStr(ctx.params, "url");
  checkUrl(url);
  const endpoint: StripeObj = {
    id: stripeId("we"),
    object: "webhook_endpoint",
    api_version: str(ctx.params, "api_version") || null,
    application: null,
    created: nowUnix(),
    description: str(ctx.params, "description") || null,
    enabled_events: enabledEvents(ctx, true)!,
    livemode: false,
    metadata: mergeMetadata({}, ctx.params),
    status: "enabled",
    url,
  };
  await insertObject(ctx.tx, endpoint);
  return { ...endpoint, secret: runtime().webhookSecret };
}

async function update(ctx: Ctx) {
  const endpoint = await getObject(ctx.tx, ctx.pathParams.id, "webhook_endpoint");
  const url = str(ctx.params, "url");
  if (url !== undefined) {
    checkUrl(url);
    endpoint.url = url;
  }
  const events = enabledEvents(ctx, false);
  if (events) endpoint.enabled_events = events;
  const description = str(ctx.params, "description");
  if (description !== undefined) endpoint.description = description || null;
  const disabled = bool(ctx.params, "disabled");
  if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
  endpoint.metadata = mergeMetadata(endpoint.metadata as Record<string, string>, ctx.params);
  await saveObject(ctx.tx, endpoint);
  return endpoint;
}

export const webhookEndpointRoutes: RouteDef[] = [
  ["POST", "/v1/webhook_endpoints", create],
  ["GET", "/v1/webhook_endpoints", (ctx) => listResponse(ctx, "webhook_endpoint")],
  ["GET", "/v1/webhook_endpoints/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "webhook_endpoint")],
  ["POST", "/v1/webhook_endpoints/:id", update],
  [
    "DELETE",
    "/v1/webhook_endpoints/:id",
    async (ctx) => {
      const endpoint = await getObject(ctx.tx, ctx.pathParams.id, "webhook_endpoint");
      await deleteObject(ctx.tx, endpoint.id);
      return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
    },
  ],
];
