import "server-only";
import { defineJob } from "./registry";

export const WEBHOOK_DELIVERY_JOB = "webhook-delivery";

/**
 * One attempt at an outbound webhook delivery (lib/webhooks-out/deliveries.ts). The delivery row keeps
 * its own attempts and next attempt time; a failed attempt does not throw — the outbox sweeper re-queues
 * it when due (backoff with jitter, ≈ 3 days, then `dead`).
 */
defineJob<{ deliveryId: string }>(
  WEBHOOK_DELIVERY_JOB,
  async ({ deliveryId }) => {
    const { deliverWebhook } = await import("@/lib/webhooks-out/deliveries");
    await deliverWebhook(deliveryId);
  },
  { retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, concurrency: 4, batchSize: 1 },
);
