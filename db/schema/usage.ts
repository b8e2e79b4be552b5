import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./orgs";

/**
 * Usage events. One row per (org, idempotency key): recording an event twice stores it once.
 * A plain table with a (org_id, metric, ts) index, not a partitioned one: Postgres requires every
 * unique index of a partitioned table to include the partition key, so a monthly-partitioned table
 * could not enforce "one event per idempotency key" across months (see lib/usage/README.md).
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity().primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    ts: timestamp("ts", { withTimezone: true }).notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    properties: jsonb("properties").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("usage_events_org_key_idx").on(t.orgId, t.idempotencyKey), index("usage_events_org_metric_ts_idx").on(t.orgId, t.metric, t.ts)],
);

/** Per-period counters: sum metrics add into `used`; gauge metrics keep the current value in `used` and the peak. */
export const usageCounters = pgTable(
  "usage_counters",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    used: bigint("used", { mode: "number" }).notNull().default(0),
    peak: bigint("peak", { mode: "number" }).notNull().default(0),
    /** Overage units already sent to Stripe's billing meter for this period. */
    reportedOverage: bigint("reported_overage", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.metric, t.periodStart] })],
);

/** Per-organisation usage settings: the spend cap (maximum overage per period, cents; null = none). */
export const usageSettings = pgTable("usage_settings", {
  orgId: text("org_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
  spendCapCents: integer("spend_cap_cents"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

export type UsageEvent = typeof usageEvents.$inferSelect;
export type UsageCounter = typeof usageCounters.$inferSelect;

/**
 * Usage reports to Stripe billing meters (outbox): written `pending` in the same transaction that
 * advances the counter's `reported_overage` mark, sent with `id` as the meter event identifier (Stripe
 * dedupes on it), then marked `sent`. A crash in between resends the same identifier.
 */
export const usageMeterReports = pgTable(
  "usage_meter_reports",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    customerId: text("customer_id").notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
    eventTimestamp: timestamp("event_timestamp", { withTimezone: true }).notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("usage_meter_reports_status_idx").on(t.status, t.createdAt)],
);

export type UsageMeterReport = typeof usageMeterReports.$inferSelect;
