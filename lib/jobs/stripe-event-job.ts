import "server-only";
import { processEvent } from "@/lib/stripe/webhooks/process-event";
import { defineJob } from "./registry";
import { schedule } from "./schedule";

export const STRIPE_EVENT_JOB = "stripe-event";
export const STRIPE_EVENT_SWEEPER_JOB = "stripe-event-sweeper";

/**
 * Process a stored Stripe event. A failed attempt throws so pg-boss retries with exponential backoff
 * (5 s, 10 s, 20 s, …); the final failure leaves the row `failed` for review and replay.
 */
defineJob<{ eventId: string }>(
  STRIPE_EVENT_JOB,
  async ({ eventId }, meta) => {
    const out = await processEvent(eventId, { final: meta.final });
    if (out.status === "retry" || out.status === "failed") throw new Error(out.error);
  },
  // One job per fetch: a worker killed mid-batch would leave the rest of its batch `active` in pg-boss
  // (not retried before expireInSeconds) while their events wait `pending`; a full fetch (one job) is
  // followed by the next at once, so a backlog still drains at processing speed.
  { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 300, concurrency: 4, batchSize: 1 },
);

/** Every 5 minutes: re-queue events stuck pending or processing. */
schedule(STRIPE_EVENT_SWEEPER_JOB, "*/5 * * * *", async () => {
  const { sweepStuckEvents } = await import("@/lib/stripe/webhooks/replay-events");
  await sweepStuckEvents();
});
