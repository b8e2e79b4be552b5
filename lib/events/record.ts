import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { domainEvents } from "@/db/schema";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { kickDispatch } from "./kick";
import { eventSchemas, parseEventData, type EventInput } from "./schema";

export { SYSTEM_ACTOR, type Actor } from "@/lib/audit/write-audit";

/** What the organisation is told about an event (in-app, and by email when `email`). Internal, not published. */
export type Notice = { kind: string; title: string; body: string; email?: boolean };

export type RecordInput = {
  actor: Actor;
  orgId: string | null;
  /** The audit row: its action (default: the event's type), target, before and after. */
  action?: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** The domain event (public, versioned: lib/events/schema.ts). Omit for an audit-only change. */
  event?: EventInput;
  /**
   * Idempotency key of the change (e.g. `receipt:in_123`, keyed on the Stripe object that caused it):
   * a second record with the same key writes nothing (neither audit nor event) and returns false.
   * Also the dedupe key of the notification. Needs an event.
   */
  key?: string;
  notice?: Notice;
};

/** pg_advisory_xact_lock(namespace, hashtext(event id)): the dispatcher waits on it for the recording transaction. */
export const EVENT_LOCK_NAMESPACE = 1701146707;

/**
 * The one way to record a change of billing or access state: the audit row and (for a domain event)
 * the `domain_events` outbox row, both in the caller's transaction, so they commit — or roll back —
 * with the change. After the commit a job fans the event out to its subscribers (notifications, email,
 * …, lib/events/dispatch.ts); if the process dies first, the sweeper re-queues it.
 *
 * Returns true when written, false when `key` was already recorded.
 */
export async function record(tx: DbOrTx, input: RecordInput): Promise<boolean> {
  // Given the database itself (no transaction), the audit row and the event still commit together.
  if (input.event && !("rollback" in tx)) return tx.transaction((t) => record(t, input));
  if (!input.event) {
    if (input.key || input.notice) throw new Error("record: a key or a notice needs an event");
    if (!input.action) throw new Error("record: an audit-only change needs an action");
    await writeAudit(tx, input as RecordInput & { action: string });
    return true;
  }
  const { type } = input.event;
  const data = parseEventData(type, input.event.data);
  const id = newId("evt");
  const at = now();
  // Held until the recording transaction ends, so a dispatcher that starts before the commit waits for it.
  await tx.execute(sql`select pg_advisory_xact_lock(${EVENT_LOCK_NAMESPACE}, hashtext(${id}))`);
  const inserted = await tx
    .insert(domainEvents)
    .values({
      id,
      orgId: input.orgId,
      type,
      version: eventSchemas[type].version,
      payload: data,
      notice: input.notice ?? null,
      dedupeKey: input.key ?? null,
      occurredAt: at,
      createdAt: at,
    })
    .onConflictDoNothing({ target: domainEvents.dedupeKey })
    .returning({ id: domainEvents.id });
  if (inserted.length === 0) return false;
  await writeAudit(tx, { ...input, action: input.action ?? type, target: input.target ?? null });
  void kickDispatch(id);
  return true;
}
