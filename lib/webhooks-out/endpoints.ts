import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { webhookEndpoints, type WebhookEndpointRow } from "@/db/schema";
import { nowMs, now } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { EVENT_TYPES } from "@/lib/events/schema";
import { record, type Actor } from "@/lib/events/record";
import { newId } from "@/lib/ids";
import { assertDeliverableUrl, type UrlCheckOptions } from "./check-url";
import { encryptSecret, generateWebhookSecret } from "./secrets";

/** How long the previous secret keeps signing (alongside the new one) after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;
export const MAX_ENDPOINTS_PER_ORG = 20;

export const eventTypesSchema = z
  .array(z.union([z.literal("*"), z.enum(EVENT_TYPES as [string, ...string[]])]))
  .min(1, "choose at least one event type (or * for all)")
  .transform((types) => (types.includes("*") ? ["*"] : [...new Set(types)].sort()));

export type WebhookEndpoint = {
  id: string;
  orgId: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  rotationEndsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The endpoint without its secrets (what lists, pages and the API show). */
export function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  const rotating = row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > nowMs();
  return {
    id: row.id,
    orgId: row.orgId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    rotationEndsAt: rotating ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listWebhookEndpoints(orgId: string): Promise<WebhookEndpoint[]> {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId)).orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(toEndpoint);
}

export async function getEndpointRow(orgId: string, endpointId: string): Promise<WebhookEndpointRow> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.orgId, orgId)));
  if (!row) throw notFound("webhook endpoint");
  return row;
}

/** Create an endpoint; the secret is returned once, here, and never again. */
export async function createWebhookEndpoint(input: {
  orgId: string;
  actor: Actor;
  url: string;
  eventTypes: string[];
  description?: string | null;
  urlCheck?: UrlCheckOptions;
}): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = (await assertDeliverableUrl(input.url, input.urlCheck)).toString();
  const eventTypes = eventTypesSchema.parse(input.eventTypes);
  const existing = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, input.orgId));
  if (existing.length >= MAX_ENDPOINTS_PER_ORG) throw badRequest(`An organisation can have at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints.`, undefined, "too_many_endpoints");
  const secret = generateWebhookSecret();
  const at = now();
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .insert(webhookEndpoints)
      .values({ id: newId("whe"), orgId: input.orgId, url, description: input.description ?? null, eventTypes, secretEncrypted: encryptSecret(secret), enabled: true, createdAt: at, updatedAt: at })
      .returning();
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "webhook_endpoint.created", target: r!.id, after: { url, eventTypes } });
    return r!;
  });
  return { endpoint: toEndpoint(row), secret };
}

/** Change the URL, event types, description or enabled flag. */
export async function updateWebhookEndpoint(input: {
  orgId: string;
  actor: Actor;
  endpointId: string;
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
  urlCheck?: UrlCheckOptions;
}): Promise<WebhookEndpoint> {
  const before = await getEndpointRow(input.orgId, input.endpointId);
  const patch: Partial<WebhookEndpointRow> = { updatedAt: now() };
  if (input.url !== undefined) patch.url = (await assertDeliverableUrl(input.url, input.urlCheck)).toString();
  if (input.eventTypes !== undefined) patch.eventTypes = eventTypesSchema.parse(input.eventTypes);
  if (input.description !== undefined) patch.description = input.description;
  if (input.enabled !== undefined) patch.enabled = input.enabled;
  const row = await db.transaction(async (tx) => {
    const [r] = await tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, before.id)).returning();
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "webhook_endpoint.updated",
      target: before.id,
      before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled },
      after: { url: r!.url, eventTypes: r!.eventTypes, enabled: r!.enabled },
    });
    return r!;
  });
  return toEndpoint(row);
}

/** Delete an endpoint and its delivery log. */
export async function deleteWebhookEndpoint(input: { orgId: string; actor: Actor; endpointId: string }): Promise<void> {
  const before = await getEndpointRow(input.orgId, input.endpointId);
  await db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, before.id));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "webhook_endpoint.deleted", target: before.id, before: { url: before.url, eventTypes: before.eventTypes } });
  });
}

/**
 * A new signing secret, returned once. The previous one keeps signing alongside it for 24 h (the
 * `webhook-signature` header carries both `v1,` signatures) so receivers can switch without a gap.
 */
export async function rotateWebhookSecret(input: { orgId: string; actor: Actor; endpointId: string }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const before = await getEndpointRow(input.orgId, input.endpointId);
  const secret = generateWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .update(webhookEndpoints)
      .set({
        secretEncrypted: encryptSecret(secret),
        previousSecretEncrypted: before.secretEncrypted,
        previousSecretExpiresAt: new Date(nowMs() + ROTATION_OVERLAP_MS),
        updatedAt: now(),
      })
      .where(eq(webhookEndpoints.id, before.id))
      .returning();
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "webhook_endpoint.secret_rotated", target: before.id });
    return r!;
  });
  return { endpoint: toEndpoint(row), secret };
}
