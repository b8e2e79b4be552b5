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
