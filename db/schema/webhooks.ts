import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every Stripe event the webhook route accepted, stored (unique by Stripe's event id) before the route
 * answers 2xx. A pg-boss job processes it; `status` moves pending → processing → processed | failed.
 * Failed events stay for review and can be replayed (lib/stripe/webhooks/replay-events.ts).
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(), // evt_…
    type: text("type").notNull(),
    apiVersion: text("api_version"),
    /** Stripe's `created` (when the event happened at Stripe). */
    created: timestamp("created", { withTimezone: true }).notNull(),
    livemode: integer("livemode").notNull().default(0),
    /** The Stripe customer the event is about, when it can be read off the object (for the admin view). */
    customerId: text("customer_id"),
    payload: jsonb("payload").notNull(),
    /** pending | processing | processed | failed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    note: text("note"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    processingStartedAt: timestamp("processing_started_at", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [index("stripe_events_status_idx").on(t.status, t.receivedAt), index("stripe_events_customer_idx").on(t.customerId)],
);

/**
 * Side effects of Stripe objects (credit grants, notifications, restriction / restoration), keyed by the
 * object that caused them — e.g. `pack:cs_123`, `restrict:sub_1:1700000000`. Inserting the key first
 * (ON CONFLICT DO NOTHING) makes any number of deliveries apply an effect once.
 */
export const billingEffects = pgTable("billing_effects", {
  key: text("key").primaryKey(),
  orgId: text("org_id"),
  eventId: text("event_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

export type StripeEventRow = typeof stripeEvents.$inferSelect;
