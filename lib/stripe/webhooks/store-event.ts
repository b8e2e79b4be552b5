import "server-only";
import type Stripe from "stripe";
import { sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { stripeEvents } from "@/db/schema";
import { now } from "@/lib/clock";
import { eventCustomerId } from "./event-customer";

export type StoreResult = { eventId: string; stored: boolean };

/**
 * Insert a verified Stripe event, unique by its id. `stored: false` means it was already there (a
 * duplicate delivery): the caller acknowledges it without processing it again.
 */
export async function storeStripeEvent(event: Stripe.Event, dbx: DbOrTx = db): Promise<StoreResult> {
  const rows = await dbx
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      apiVersion: event.api_version ?? null,
      created: new Date(event.created * 1000),
      livemode: event.livemode ? 1 : 0,
      customerId: eventCustomerId(event),
      payload: event as unknown as Record<string, unknown>,
      status: "pending",
      receivedAt: now(),
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return { eventId: event.id, stored: rows.length === 1 };
}

/** Count of events in each status (health checks, admin). */
export async function countEventsByStatus(dbx: DbOrTx = db): Promise<Record<string, number>> {
  const rows = await dbx
    .select({ status: stripeEvents.status, n: sql<number>`count(*)::int` })
    .from(stripeEvents)
    .groupBy(stripeEvents.status);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
