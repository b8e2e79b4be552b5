import "server-only";
import type Stripe from "stripe";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db";
import { stripeEvents, type StripeEventRow } from "@/db/schema";
import { now } from "@/lib/clock";
import { logger } from "@/lib/log";
import { dispatchStripeEvent } from "./dispatch";

export type ProcessOutcome =
  | { status: "processed"; note?: string }
  | { status: "skipped"; reason: "not_found" | "already_processed" | "in_progress" }
  | { status: "failed" | "retry"; error: string };

/**
 * Process one stored event. Idempotent and safe under concurrency: the row is claimed with one
 * conditional UPDATE (pending|failed → processing), so of any number of concurrent calls exactly one
 * runs the handler; the others return `skipped`. On error the row goes back to `pending` (a retry
 * follows) or, on the final attempt, to `failed` (kept for review and replay).
 */
export async function processEvent(eventId: string, options: { final?: boolean } = {}): Promise<ProcessOutcome> {
  const final = options.final ?? true;
  const claimed = await db
    .update(stripeEvents)
    .set({ status: "processing", attempts: sql`${stripeEvents.attempts} + 1`, processingStartedAt: now() })
    .where(and(eq(stripeEvents.id, eventId), inArray(stripeEvents.status, ["pending", "failed"])))
    .returning();
  const row: StripeEventRow | undefined = claimed[0];
  if (!row) {
    const [existing] = await db.select({ status: stripeEvents.status }).from(stripeEvents).where(eq(stripeEvents.id, eventId));
    if (!existing) return { status: "skipped", reason: "not_found" };
    return { status: "skipped", reason: existing.status === "processed" ? "already_processed" : "in_progress" };
  }
  const event = row.payload as Stripe.Event;
  try {
    const result = await dispatchStripeEvent(event, { eventId, actor: { type: "webhook", id: eventId }, receivedAt: row.receivedAt });
    const note = result?.note ?? null;
    await db
      .update(stripeEvents)
      .set({ status: "processed", processedAt: now(), lastError: null, note })
      .where(eq(stripeEvents.id, eventId));
    return { status: "processed", ...(note ? { note } : {}) };
  } catch (err) {
    const message = errorText(err);
    logger.warn({ err, eventId, type: row.type, attempt: row.attempts, final }, "stripe event processing failed");
    await db
      .update(stripeEvents)
      .set({ status: final ? "failed" : "pending", lastError: message })
      .where(eq(stripeEvents.id, eventId));
    return { status: final ? "failed" : "retry", error: message };
  }
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 2000);
}
