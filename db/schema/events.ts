import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * The transactional outbox (lib/events): one row per domain event, written by `record()` in the same
 * transaction as the change it announces. `payload` is the public, versioned event body (lib/events/
 * schema.ts — what outbound webhooks carry); `notice` is the in-app/email notice the app shows for it
 * (internal, never published). Fan-out bookkeeping: `status` pending → dispatching → dispatched
 * (or failed after the last attempt); the sweeper re-queues rows left pending or dispatching.
 */
export const domainEvents = pgTable(
  "domain_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id"),
    type: text("type").notNull(),
    version: integer("version").notNull(),
    payload: jsonb("payload").notNull(),
    notice: jsonb("notice"),
    /** Idempotency key of the change (e.g. `receipt:in_123`): a second record with the same key writes nothing. */
    dedupeKey: text("dedupe_key"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** pending | dispatching | dispatched | failed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    dispatchStartedAt: timestamp("dispatch_started_at", { withTimezone: true }),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("domain_events_dedupe_idx").on(t.dedupeKey),
    index("domain_events_status_created_idx").on(t.status, t.createdAt),
    index("domain_events_org_occurred_idx").on(t.orgId, t.occurredAt),
  ],
);

/**
 * Emails sent by a job with retries (lib/notifications/email-deliveries.ts): never dropped — a failed
 * send is retried with backoff; after the last attempt the row is `dead` and shown on /admin/health.
 * status: pending → sending → sent | retry (next_attempt_at) | dead.
 */
export const emailDeliveries = pgTable(
  "email_deliveries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id"),
    /** One email per key (e.g. the notification's dedupe key). */
    dedupeKey: text("dedupe_key").notNull(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("email_deliveries_dedupe_idx").on(t.dedupeKey), index("email_deliveries_status_next_idx").on(t.status, t.nextAttemptAt)],
);

export type DomainEventRow = typeof domainEvents.$inferSelect;
export type EmailDeliveryRow = typeof emailDeliveries.$inferSelect;
