import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { stripeEvents } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { notFound } from "@/lib/errors";
import { replayEvent, replayFailedEvents } from "@/lib/stripe/webhooks/replay-events";

/** Admin "replay" of one stored Stripe event (processed again now); audited as admin.webhook_replayed. */
export async function adminReplayEvent(eventId: string, actor: Actor) {
  const [ev] = await db.select({ id: stripeEvents.id, status: stripeEvents.status, attempts: stripeEvents.attempts }).from(stripeEvents).where(eq(stripeEvents.id, eventId));
  if (!ev) throw notFound("event");
  const outcome = await replayEvent(eventId);
  await record(db, { actor, orgId: null, action: "admin.webhook_replayed", target: eventId, before: { status: ev.status, attempts: ev.attempts }, after: outcome });
  return outcome;
}

/** Admin "replay all failed"; audited as admin.webhooks_replayed with the counts. */
export async function adminReplayFailedEvents(actor: Actor) {
  const result = await replayFailedEvents();
  await record(db, { actor, orgId: null, action: "admin.webhooks_replayed", target: "stripe_events", before: null, after: result });
  return result;
}
