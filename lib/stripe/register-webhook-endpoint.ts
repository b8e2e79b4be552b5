import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { db, type DbOrTx } from "@/db";
import { stripeCatalog } from "@/db/schema";
import { now } from "@/lib/clock";
import { badRequest } from "@/lib/errors";
import { callStripe } from "./call-stripe";
import { isSandbox } from "./client";

type EnabledEvent = Stripe.WebhookEndpointCreateParams.EnabledEvent;

/** The events the app's webhook route handles: the dispatcher's `eventType → handler` map. */
export async function webhookEvents(): Promise<EnabledEvent[]> {
  const { handledEventTypes } = await import("./webhooks/dispatch");
  return handledEventTypes() as EnabledEvent[];
}

export type WebhookRegistration = { id: string; url: string; action: "created" | "updated" | "unchanged" | "recorded"; secret?: string };

/**
 * Create or update the webhook endpoint for `url` with the handled events. In sandbox mode the sandbox
 * delivers to the app's own route; the URL is only recorded. The signing secret is returned once,
 * on creation (set it as STRIPE_WEBHOOK_SECRET).
 */
export async function registerWebhookEndpoint(url: string, database: DbOrTx = db): Promise<WebhookRegistration> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest(`not a URL: ${url}`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw badRequest("the webhook URL must be http(s)");
  const result = isSandbox() ? { id: `we_sandbox_${createHash("sha256").update(url).digest("hex").slice(0, 16)}`, url, action: "recorded" as const } : await upsert(url);
  const row = { lookupKey: `webhook_endpoint:${url}`, kind: "webhook_endpoint", stripeId: result.id, productId: null, syncedAt: now() };
  await database.insert(stripeCatalog).values(row).onConflictDoUpdate({ target: stripeCatalog.lookupKey, set: { stripeId: row.stripeId, syncedAt: row.syncedAt } });
  return result;
}

async function upsert(url: string): Promise<WebhookRegistration> {
  const events = await webhookEvents();
  const endpoints = await callStripe("webhookEndpoints.list", (s, o) => s.webhookEndpoints.list({ limit: 100 }, o).autoPagingToArray({ limit: 1000 }));
  const found = endpoints.find((e) => e.url === url);
  const wanted = [...events].sort();
  if (!found) {
    const created = await callStripe("webhookEndpoints.create", (s, o) =>
      s.webhookEndpoints.create({ url, enabled_events: events, description: "billing-kit" }, o), { idempotencyKey: `${url}:${wanted.join(",")}` });
    return { id: created.id, url, action: "created", secret: created.secret };
  }
  const same = found.status === "enabled" && [...found.enabled_events].sort().join(",") === wanted.join(",");
  if (same) return { id: found.id, url, action: "unchanged" };
  await callStripe("webhookEndpoints.update", (s, o) => s.webhookEndpoints.update(found.id, { enabled_events: events, disabled: false }, o), {
    idempotencyKey: `${found.id}:${wanted.join(",")}`,
  });
  return { id: found.id, url, action: "updated" };
}
