import "server-only";
import type Stripe from "stripe";
import { sql } from "drizzle-orm";
import { db, getDbKind, type DbOrTx } from "@/db";
import { stripeEvents } from "@/db/schema";
import { now } from "@/lib/clock";
import { eventCustomerId } from "./event-customer";

export type StoreResult = { eventId: string; stored: boolean };

type Pending = { event: Stripe.Event; resolve: (r: StoreResult) => void; reject: (err: unknown) => void };
const MAX_EVENTS_PER_FLUSH = 500;
const state = globalThis as unknown as { __webhookStoreBatch?: { queue: Pending[]; inFlight: number; scheduled: boolean } };
const batch = (state.__webhookStoreBatch ??= { queue: [], inFlight: 0, scheduled: false });
const maxInFlight = () => (getDbKind() === "pglite" ? 1 : 4);

/**
 * Insert a verified Stripe event, unique by its id. `stored: false` means it was already there (a
 * duplicate delivery): the caller acknowledges it without processing it again.
 *
 * Group commit: deliveries arriving together are written by one multi-row `INSERT … ON CONFLICT DO
 * NOTHING RETURNING id`, and each caller is answered only after that statement committed — so a 2xx
 * still means "stored". Within a flush the first delivery of an id is the candidate and later ones are
 * duplicates. If a flush fails, its events are retried one by one so one bad event fails only itself.
 * Inside a caller's transaction (`dbx`), the event is written there, unbatched.
 */
export async function storeStripeEvent(event: Stripe.Event, dbx?: DbOrTx): Promise<StoreResult> {
  if (dbx) return { eventId: event.id, stored: (await insertEvents(dbx, [event])).has(event.id) };
  return new Promise((resolve, reject) => {
    batch.queue.push({ event, resolve, reject });
    schedule();
  });
}

function schedule() {
  if (batch.scheduled || batch.inFlight >= maxInFlight() || batch.queue.length === 0) return;
  batch.scheduled = true;
  setImmediate(() => {
    batch.scheduled = false;
    while (batch.inFlight < maxInFlight() && batch.queue.length > 0) {
      const take = batch.queue.splice(0, MAX_EVENTS_PER_FLUSH);
      batch.inFlight++;
      void flush(take).finally(() => {
        batch.inFlight--;
        schedule();
      });
    }
  });
}

async function flush(pending: Pending[]) {
  const first = new Map<string, Stripe.Event>();
  for (const p of pending) if (!first.has(p.event.id)) first.set(p.event.id, p.event);
  try {
    const stored = await insertEvents(db, [...first.values()]);
    for (const p of pending) {
      const isFirst = first.get(p.event.id) === p.event;
      p.resolve({ eventId: p.event.id, stored: isFirst && stored.has(p.event.id) });
    }
  } catch (err) {
    if (pending.length === 1) return pending[0]!.reject(err);
    for (const p of pending) {
      await insertEvents(db, [p.event]).then(
        (stored) => p.resolve({ eventId: p.event.id, stored: stored.has(p.event.id) }),
        (e: unknown) => p.reject(e),
      );
    }
  }
}

async function insertEvents(dbx: DbOrTx, events: Stripe.Event[]): Promise<Set<string>> {
  const receivedAt = now();
  const rows = await dbx
    .insert(stripeEvents)
    .values(
      events.map((event) => ({
        id: event.id,
        type: event.type,
        apiVersion: event.api_version ?? null,
        created: new Date(event.created * 1000),
        livemode: event.livemode ? 1 : 0,
        customerId: eventCustomerId(event),
        payload: event as unknown as Record<string, unknown>,
        status: "pending",
        receivedAt,
      })),
    )
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return new Set(rows.map((r) => r.id));
}

/** Count of events in each status (health checks, admin). */
export async function countEventsByStatus(dbx: DbOrTx = db): Promise<Record<string, number>> {
  const rows = await dbx
    .select({ status: stripeEvents.status, n: sql<number>`count(*)::int` })
    .from(stripeEvents)
    .groupBy(stripeEvents.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
