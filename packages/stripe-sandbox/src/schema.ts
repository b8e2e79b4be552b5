import { bigint, bigserial, index, integer, jsonb, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * The sandbox's own tables. Only the sandbox reads or writes them; its host reaches them through the
 * Stripe SDK's HTTP client, never directly. Migrations: drizzle/ (applied by `migrate()`, see migrate.ts).
 */
export const sandboxObjects = pgTable(
  "sandbox_objects",
  {
    id: text("id").primaryKey(),
    /** Stripe's `object` value: customer, price, subscription, … */
    type: text("type").notNull(),
    customer: text("customer"),
    data: jsonb("data").notNull().$type<Record<string, unknown>>(),
    /** Unix seconds (sandbox clock). */
    created: bigint("created", { mode: "number" }).notNull(),
    /** Insertion order, for stable list paging. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    /** Whose clock moves this object: "default", or one test process (tests share a Postgres database). */
    scope: text("scope").notNull().default("default"),
  },
  (t) => [index("sandbox_objects_type_seq_idx").on(t.type, t.seq), index("sandbox_objects_customer_idx").on(t.customer)],
);

export const sandboxIdempotency = pgTable("sandbox_idempotency", {
  key: text("key").primaryKey(),
  requestHash: text("request_hash").notNull(),
  status: integer("status").notNull(),
  response: jsonb("response").notNull(),
  createdMs: bigint("created_ms", { mode: "number" }).notNull(),
});

export const sandboxEvents = pgTable(
  "sandbox_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    data: jsonb("data").notNull().$type<Record<string, unknown>>(),
    created: bigint("created", { mode: "number" }).notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    /** Delivery state: pending | delivered | failed (gave up). */
    deliveryStatus: text("delivery_status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Wall-clock ms of the next delivery attempt. */
    nextAttemptMs: bigint("next_attempt_ms", { mode: "number" }).notNull().default(0),
    lastError: text("last_error"),
    scope: text("scope").notNull().default("default"),
  },
  (t) => [index("sandbox_events_delivery_idx").on(t.deliveryStatus, t.nextAttemptMs)],
);

export const sandboxMeterEvents = pgTable(
  "sandbox_meter_events",
  {
    eventName: text("event_name").notNull(),
    identifier: text("identifier").notNull(),
    customer: text("customer").notNull(),
    value: numeric("value").notNull(),
    /** Unix seconds. */
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    created: bigint("created", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventName, t.identifier] }),
    index("sandbox_meter_events_customer_idx").on(t.customer, t.eventName, t.timestamp),
  ],
);

export const sandboxState = pgTable("sandbox_state", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

/** Which of the sandbox's own migrations (drizzle/) this database has applied. */
export const sandboxMigrations = pgTable("sandbox_migrations", {
  tag: text("tag").primaryKey(),
  appliedAt: bigint("applied_at", { mode: "number" }).notNull(),
});
