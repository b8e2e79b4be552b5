import "server-only";
import { and, asc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { domainEvents, type DomainEventRow } from "@/db/schema";
import { now, nowMs } from "@/lib/clock";
import { logger } from "@/lib/log";
import "@/lib/notifications/event-subscriber";
import "@/lib/webhooks-out/subscriber";
import { kickDispatch } from "./kick";
import { EVENT_LOCK_NAMESPACE } from "./record";
import { subscribersFor, toPublished } from "./subscribers";

export type DispatchOutcome =
  | { status: "dispatched"; subscribers: string[] }
  | { status: "skipped"; reason: "not_found" | "already_dispatched" | "in_progress" }
  | { status: "retry" | "failed"; error: string };

/**
 * Fan one recorded event out to its subscribers. The row is claimed with one conditional UPDATE
 * (pending|failed → dispatching), after waiting for the transaction that recorded it, so of any number
 * of concurrent calls one runs the subscribers. On error the row goes back to `pending` (a retry
 * follows) or, on the final attempt, `failed` (shown on /admin/health; `redispatchEvent` replays it).
 */
export async function dispatchEvent(eventId: string, options: { final?: boolean } = {}): Promise<DispatchOutcome> {
  const final = options.final ?? true;
  const row: DomainEventRow | undefined = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${EVENT_LOCK_NAMESPACE}, hashtext(${eventId}))`);
    const [claimed] = await tx
      .update(domainEvents)
      .set({ status: "dispatching", attempts: sql`${domainEvents.attempts} + 1`, dispatchStartedAt: now() })
      .where(and(eq(domainEvents.id, eventId), inArray(domainEvents.status, ["pending", "failed"])))
      .returning();
    return claimed;
  });
  if (!row) {
    const [existing] = await db.select({ status: domainEvents.status }).from(domainEvents).where(eq(domainEvents.id, eventId));
    if (!existing) return { status: "skipped", reason: "not_found" };
    return { status: "skipped", reason: existing.status === "dispatched" ? "already_dispatched" : "in_progress" };
  }
  const event = toPublished(row);
  const ran: string[] = [];
  try {
    for (const sub of subscribersFor(row.type)) {
      await sub.handle(event, row);
      ran.push(sub.name);
    }
    await db.update(domainEvents).set({ status: "dispatched", dispatchedAt: now(), lastError: null }).where(eq(domainEvents.id, eventId));
    return { status: "dispatched", subscribers: ran };
  } catch (err) {
    const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
    logger.warn({ err, eventId, type: row.type, attempt: row.attempts, final }, "domain event dispatch failed");
    await db
      .update(domainEvents)
      .set({ status: final ? "failed" : "pending", lastError: message })
      .where(eq(domainEvents.id, eventId));
    return { status: final ? "failed" : "retry", error: message };
  }
}

/** Dispatch an event again now (admin replay): a failed or dispatched event is reopened. Subscribers are idempotent. */
export async function redispatchEvent(eventId: string): Promise<DispatchOutcome> {
  await db
    .update(domainEvents)
    .set({ status: "pending", lastError: null })
    .where(and(eq(domainEvents.id, eventId), inArray(domainEvents.status, ["failed", "dispatched"])));
  return dispatchEvent(eventId);
}

/**
 * The sweeper: events left `pending` for more than `pendingAfterMs` (the kick was lost: queue down, a
 * crash between the commit and the enqueue) or stuck `dispatching` for more than `stuckAfterMs` (the
 * dispatcher died mid-fan-out) are queued again. Runs every minute (lib/jobs/domain-event-job.ts).
 */
export async function sweepDomainEvents(options: { pendingAfterMs?: number; stuckAfterMs?: number; limit?: number } = {}) {
  const t = nowMs();
  const pendingBefore = new Date(t - (options.pendingAfterMs ?? 60_000));
  const stuckBefore = new Date(t - (options.stuckAfterMs ?? 10 * 60_000));
  const reset = await db
    .update(domainEvents)
    .set({ status: "pending" })
    .where(and(eq(domainEvents.status, "dispatching"), lt(domainEvents.dispatchStartedAt, stuckBefore)))
    .returning({ id: domainEvents.id });
  const pending = await db
    .select({ id: domainEvents.id })
    .from(domainEvents)
    .where(
      or(
        and(eq(domainEvents.status, "pending"), lt(domainEvents.createdAt, pendingBefore)),
        inArray(domainEvents.id, reset.length ? reset.map((r) => r.id) : ["-"]),
      ),
    )
    .orderBy(asc(domainEvents.createdAt))
    .limit(options.limit ?? 500);
  for (const r of pending) await kickDispatch(r.id);
  return { requeued: pending.length, unstuck: reset.length };
}
