import "server-only";
import type Stripe from "stripe";
import { db, type DbOrTx } from "@/db";
import { stripeCatalog } from "@/db/schema";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { STRIPE_API_VERSION } from "./api-version";
import { callStripe } from "./call-stripe";

type EnabledEvent = Stripe.WebhookEndpointCreateParams.EnabledEvent;

/** The events the app's webhook route handles: the dispatcher's `eventType → handler` map. */
export async function webhookEvents(): Promise<EnabledEvent[]> {
  const { handledEventTypes } = await import("./webhooks/dispatch");
  return handledEventTypes() as EnabledEvent[];
}

export type WebhookRegistration = { id: string; url: string; action: "created" | "updated" | "unchanged" | "replaced"; secret?: string };

/**
 * Create or update the webhook endpoint for `url` with the handled events, pinned to the API version
 * the app parses (`api_version`; without it Stripe sends events in the account's default version). An
 * endpoint pinned to another version cannot be changed: it is replaced by a new one (and deleted). The
 * signing secret is returned once, on creation (set it as STRIPE_WEBHOOK_SECRET). In sandbox mode the
 * sandbox records the endpoint and signs its deliveries with the secret it returns.
 */
export async function registerWebhookEndpoint(url: string, database: DbOrTx = db): Promise<WebhookRegistration> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest(`not a URL: ${url}`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw badRequest("the webhook URL must be http(s)");
  const result = await upsert(url);
  const row = { lookupKey: `webhook_endpoint:${url}`, kind: "webhook_endpoint", stripeId: result.id, productId: null, syncedAt: now() };
  await database.insert(stripeCatalog).values(row).onConflictDoUpdate({ target: stripeCatalog.lookupKey, set: { stripeId: row.stripeId, syncedAt: row.syncedAt } });
  return result;
}

async function upsert(url: string): Promise<WebhookRegistration> {
  const events = await webhookEvents();
  const endpoints = await callStripe("webhookEndpoints.list", (s, o) => s.webhookEndpoints.list({ limit: 100 }, o).autoPagingToArray({ limit: 1000 }));
  const found = endpoints.find((e) => e.url === url);
  const wanted = [...events].sort();
  const create = async () =>
    callStripe(
      "webhookEndpoints.create",
      (s, o) => s.webhookEndpoints.create({ url, enabled_events: events, api_version: STRIPE_API_VERSION, description: "billing-kit" }, o),
      { idempotencyKey: `${url}:${STRIPE_API_VERSION}:${wanted.join(",")}:${found?.id ?? "new"}` },
    );
  if (!found) {
    const created = await create();
    return { id: created.id, url, action: "created", secret: created.secret };
  }
  if (found.api_version !== STRIPE_API_VERSION) {
    const created = await create();
    await callStripe("webhookEndpoints.del", (s, o) => s.webhookEndpoints.del(found.id, {}, o));
    return { id: created.id, url, action: "replaced", secret: created.secret };
  }
  const same = found.status === "enabled" && [...found.enabled_events].sort().join(",") === wanted.join(",");
  if (same) return { id: found.id, url, action: "unchanged" };
  await callStripe("webhookEndpoints.update", (s, o) => s.webhookEndpoints.update(found.id, { enabled_events: events, disabled: false }, o), {
    idempotencyKey: `${found.id}:${wanted.join(",")}`,
  });
  return { id: found.id, url, action: "updated" };
}
