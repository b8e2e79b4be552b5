import "server-only";
import { defineJob } from "./registry";
import { schedule } from "./schedule";

export const DOMAIN_EVENT_JOB = "domain-event";
export const EMAIL_JOB = "email-send";
export const OUTBOX_SWEEPER_JOB = "outbox-sweeper";

/**
 * Fan a recorded domain event out to its subscribers (lib/events/dispatch.ts). A failed attempt throws so
 * pg-boss retries with backoff (5 s, 10 s, 20 s, …); the last failure leaves the event `failed`.
 */
defineJob<{ eventId: string }>(
  DOMAIN_EVENT_JOB,
  async ({ eventId }, meta) => {
    const { dispatchEvent } = await import("@/lib/events/dispatch");
    const out = await dispatchEvent(eventId, { final: meta.final });
    if (out.status === "retry" || out.status === "failed") throw new Error(out.error);
  },
  { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300, concurrency: 2, batchSize: 1 },
);

/**
 * Send one queued email (lib/notifications/email-deliveries.ts). Its own attempt count decides when it
 * is dead; a failed attempt throws so pg-boss retries it with backoff (30 s, 1 min, 2 min, … ≈ 2 h in all).
 */
defineJob<{ emailId: string }>(
  EMAIL_JOB,
  async ({ emailId }) => {
    const { deliverEmail } = await import("@/lib/notifications/email-deliveries");
    const out = await deliverEmail(emailId);
    if (out.status === "retry") throw new Error(out.error);
  },
  { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120, concurrency: 2, batchSize: 1 },
);

/** Every minute: re-queue domain events whose dispatch was lost or stuck, and emails and outbound webhooks due for a retry. */
schedule(OUTBOX_SWEEPER_JOB, "* * * * *", async () => {
  const { sweepDomainEvents } = await import("@/lib/events/dispatch");
  const { sweepEmails } = await import("@/lib/notifications/email-deliveries");
  await sweepDomainEvents();
  await sweepEmails();
  const { sweepWebhookDeliveries } = await import("@/lib/webhooks-out/deliveries");
  await sweepWebhookDeliveries();
});
