"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { formObject, type ActionResult } from "@/lib/http/action";
import { resendWebhookDelivery, sendTestWebhook } from "@/lib/webhooks-out/deliveries";
import { createWebhookEndpoint, deleteWebhookEndpoint, eventTypesSchema, rotateWebhookSecret, updateWebhookEndpoint } from "@/lib/webhooks-out/endpoints";

const PATH = "/settings/webhooks";

const createSchema = z.object({
  orgId: z.string().min(1),
  url: z.string().trim().min(1, "enter the URL that receives the events").max(2000, "at most 2000 characters"),
  eventTypes: eventTypesSchema,
});

export type CreateEndpointState = ActionResult<{ id: string; url: string; secret: string }> | null;

/** Add an endpoint (owners and admins); its signing secret is returned once, for the page to show. */
export async function createWebhookEndpointAction(_prev: CreateEndpointState, form: FormData): Promise<CreateEndpointState> {
  const input = { ...formObject(form), eventTypes: form.getAll("eventTypes").filter((v) => typeof v === "string") };
  return orgAction("admin", createSchema, input, async ({ orgId, url, eventTypes }, ctx) => {
    const { endpoint, secret } = await createWebhookEndpoint({ orgId, actor: ctx.actor, url, eventTypes });
    revalidatePath(PATH);
    return { id: endpoint.id, url: endpoint.url, secret };
  });
}

const endpointSchema = z.object({ orgId: z.string().min(1), endpointId: z.string().min(1) });

/** Enable or disable an endpoint. */
export async function setWebhookEnabledAction(input: { orgId: string; endpointId: string; enabled: boolean }) {
  return orgAction("admin", endpointSchema.extend({ enabled: z.boolean() }), input, async ({ orgId, endpointId, enabled }, ctx) => {
    const endpoint = await updateWebhookEndpoint({ orgId, actor: ctx.actor, endpointId, enabled });
    revalidatePath(PATH);
    return { id: endpoint.id, enabled: endpoint.enabled };
  });
}

/** A new signing secret, shown once; the old one keeps signing alongside it for 24 h. */
export async function rotateWebhookSecretAction(input: { orgId: string; endpointId: string }) {
  return orgAction("admin", endpointSchema, input, async ({ orgId, endpointId }, ctx) => {
    const { endpoint, secret } = await rotateWebhookSecret({ orgId, actor: ctx.actor, endpointId });
    revalidatePath(PATH);
    return { id: endpoint.id, secret };
  });
}

/** Delete an endpoint and its delivery log. */
export async function deleteWebhookEndpointAction(input: { orgId: string; endpointId: string }) {
  return orgAction("admin", endpointSchema, input, async ({ orgId, endpointId }, ctx) => {
    await deleteWebhookEndpoint({ orgId, actor: ctx.actor, endpointId });
    revalidatePath(PATH);
    return { id: endpointId };
  });
}

/** Send a `webhook.test` event to an endpoint now. */
export async function sendTestWebhookAction(input: { orgId: string; endpointId: string }) {
  return orgAction("admin", endpointSchema, input, async ({ orgId, endpointId }, ctx) => {
    const deliveryId = await sendTestWebhook({ orgId, actor: ctx.actor, endpointId });
    revalidatePath(PATH);
    return { deliveryId };
  });
}

/** Send a delivery again (whatever its status). */
export async function resendWebhookDeliveryAction(input: { orgId: string; deliveryId: string }) {
  return orgAction("admin", z.object({ orgId: z.string().min(1), deliveryId: z.string().min(1) }), input, async ({ orgId, deliveryId }, ctx) => {
    await resendWebhookDelivery({ orgId, actor: ctx.actor, deliveryId });
    revalidatePath(PATH);
    return { deliveryId };
  });
}
