import "server-only";
import { and, asc, eq, inArray, lt, or } from "drizzle-orm";
import { db } from "@/db";
import { stripeEvents } from "@/db/schema";
import { nowMs } from "@/lib/clock";
import { enqueueStripeEvent } from "./enqueue-event";
import { processEvent, type ProcessOutcome } from "./process-event";

/** Replay one event now (admin "replay"): a processed event is reopened and processed again. */
export async function replayEvent(eventId: string): Promise<ProcessOutcome> {
  await db
    .update(stripeEvents)
    .set({ status: "pending", lastError: null })
    .where(and(eq(stripeEvents.id, eventId), inArray(stripeEvents.status, ["failed", "processed"])));
  return processEvent(eventId);
}

/** Replay every failed event, oldest first. */
export async function replayFailedEvents(limit = 500): Promise<{ replayed: number; processed: number; failed: number }> {
  const rows = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(eq(stripeEvents.status, "failed"))
    .orderBy(asc(stripeEvents.created), asc(stripeEvents.receivedAt))
    .limit(limit);
  let processed = 0;
  let failed = 0;
  for (const r of rows) {
    const out = await processEvent(r.id);
    if (out.status === "processed") processed++;
    else if (out.status === "failed") failed++;
  }
  return { replayed: rows.length, processed, failed };
}

/**
 * The sweeper: events left `pending` (enqueue lost, crash before the job ran) for more than
 * `pendingAfterMs`, or stuck in `processing` (worker died mid-handler) for more than `stuckAfterMs`,
 * are put back on the queue. Runs on a schedule (lib/jobs/stripe-event-job.ts).
 */
export async function sweepStuckEvents(options: { pendingAfterMs?: number; stuckAfterMs?: number; limit?: number } = {}) {
  const t = nowMs();
  const pendingBefore = new Date(t - (options.pendingAfterMs ?? 2 * 60_000));
  const stuckBefore = new Date(t - (options.stuckAfterMs ?? 15 * 60_000));
  const reset = await db
    .update(stripeEvents)
    .set({ status: "pending" })
    .where(and(eq(stripeEvents.status, "processing"), lt(stripeEvents.processingStartedAt, stuckBefore)))
    .returning({ id: stripeEvents.id });
  const pending = await db
    .select({ id: stripeEvents.id })
    .from(stripeEvents)
    .where(
      or(
        and(eq(stripeEvents.status, "pending"), lt(stripeEvents.receivedAt, pendingBefore)),
        inArray(stripeEvents.id, reset.length ? reset.map((r) => r.id) : ["-"]),
      ),
    )
    .orderBy(asc(stripeEvents.created))
    .limit(options.limit ?? 500);
  for (const r of pending) await enqueueStripeEvent(r.id);
  return { requeued: pending.length, unstuck: reset.length };
}
