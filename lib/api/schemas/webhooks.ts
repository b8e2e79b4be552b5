import { z } from "zod";
import { EVENT_TYPES } from "@/lib/events/schema";

/** Outbound webhook endpoints (lib/webhooks-out): what /api/v1/webhook-endpoints takes and returns. */
export const webhookEndpointCreateBody = z
  .object({
    url: z.string().trim().min(1, "enter the URL that receives the events").max(2000).meta({ description: "Where events are POSTed (https in production; private addresses are refused)." }),
    event_types: z
      .array(z.enum(["*", ...EVENT_TYPES]))
      .min(1, "choose at least one event type (or * for all)")
      .default(["*"])
      .meta({ description: "Event types to send, or [\"*\"] for all (also ones added later)." }),
  })
  .strict()
  .meta({ id: "WebhookEndpointCreate" });

export const webhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    rotation_ends_at: z.string().nullable().meta({ description: "While the previous secret still signs alongside the new one (after a rotation)." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .strict()
  .meta({ id: "WebhookEndpoint" });

export const webhookEndpointCreated = webhookEndpoint
  .extend({ secret: z.string().meta({ description: "The signing secret (whsec_…): shown only in this answer." }) })
  .strict()
  .meta({ id: "WebhookEndpointCreated" });

export const webhookEndpointList = z.object({ data: z.array(webhookEndpoint) }).strict().meta({ id: "WebhookEndpointList" });

export const webhookEndpointIdParam = z.object({ id: z.string().meta({ description: "The endpoint's id (whe_…)." }) });

export const webhookEndpointUpdateBody = z
  .object({
    url: webhookEndpointCreateBody.shape.url.optional(),
    event_types: z.array(z.enum(["*", ...EVENT_TYPES])).min(1, "choose at least one event type (or * for all)").optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: "WebhookEndpointUpdate" });

export const webhookEndpointDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).strict().meta({ id: "WebhookEndpointDeleted" });

export const webhookEndpointSecretRotated = webhookEndpoint
  .extend({ secret: z.string().meta({ description: "The new signing secret (whsec_…): shown only in this answer. The previous one keeps signing alongside it until rotation_ends_at (24 h)." }) })
  .strict()
  .meta({ id: "WebhookEndpointSecretRotated" });

export const webhookTestSent = z
  .object({ delivery_id: z.string().meta({ description: "The `webhook.test` delivery (whd_…): it appears in the endpoint's delivery log." }) })
  .strict()
  .meta({ id: "WebhookTestSent" });

export const webhookDeliveriesQuery = z.object({
  limit: z.coerce.number({ message: "expected a number" }).int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: "next_cursor of the previous page." }),
});

export const webhookDelivery = z
  .object({
    id: z.string(),
    endpoint_id: z.string(),
    event_id: z.string().meta({ description: "Also the `webhook-id` header the receiver got." }),
    event_type: z.string(),
    status: z.enum(["pending", "sending", "succeeded", "failed", "dead"]),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable().meta({ description: "When the next attempt is due (pending or failed); null otherwise." }),
    last_attempt_at: z.string().nullable(),
    last_status_code: z.number().int().nullable(),
    duration_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    response_excerpt: z.string().nullable().meta({ description: "At most 1 KB of the last response body." }),
    created_at: z.string(),
  })
  .strict()
  .meta({ id: "WebhookDelivery" });

export const webhookDeliveryList = z
  .object({ data: z.array(webhookDelivery), has_more: z.boolean(), next_cursor: z.string().nullable() })
  .strict()
  .meta({ id: "WebhookDeliveryList" });

export const webhookDeliveryParams = z.object({
  id: webhookEndpointIdParam.shape.id,
  deliveryId: z.string().meta({ description: "The delivery's id (whd_…)." }),
});

export const webhookDeliveryResent = z
  .object({ id: z.string(), resent: z.boolean().meta({ description: "false: an attempt is in flight right now, so nothing was queued." }) })
  .strict()
  .meta({ id: "WebhookDeliveryResent" });
