import "server-only";
import type { DomainEventRow } from "@/db/schema";
import type { EventType, PublishedEvent } from "./schema";

/**
 * The registry of what reacts to domain events: in-app notifications and email today
 * (lib/notifications/event-subscriber.ts), outbound webhooks next. A subscriber must be idempotent
 * per event id: an event is delivered at least once (a retried or swept dispatch runs it again).
 */
export type Subscriber = {
  name: string;
  /** The event types it wants, or "*" for all. */
  types: readonly EventType[] | "*";
  handle: (event: PublishedEvent, row: DomainEventRow) => Promise<void>;
};

const g = globalThis as unknown as { __billingEventSubscribers?: Map<string, Subscriber> };
const registry = (g.__billingEventSubscribers ??= new Map());

/** Register (or replace, on hot reload) a subscriber by name. */
export function registerSubscriber(sub: Subscriber): () => void {
  registry.set(sub.name, sub);
  return () => {
    if (registry.get(sub.name) === sub) registry.delete(sub.name);
  };
}

export function subscribersFor(type: string): Subscriber[] {
  return [...registry.values()].filter((s) => s.types === "*" || s.types.includes(type as EventType));
}

/** The envelope subscribers (and outbound webhooks) receive. */
export function toPublished(row: DomainEventRow): PublishedEvent {
  return {
    id: row.id,
    type: row.type as EventType,
    version: row.version,
    org_id: row.orgId,
    occurred_at: row.occurredAt.toISOString(),
    data: row.payload as Record<string, unknown>,
  };
}
