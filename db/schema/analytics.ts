import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Revenue analytics (lib/analytics). The admin overview reads ONLY `metrics_daily` (a few dozen rows),
 * never the invoices or subscriptions tables. Definitions: docs/METRICS.md.
 */

/** One row per subscription per day: the state the daily snapshot saw, with its MRR contribution. */
export const subscriptionSnapshots = pgTable(
  "subscription_snapshots",
  {
    day: date("day", { mode: "string" }).notNull(),
    subscriptionId: text("subscription_id").notNull(),
    orgId: text("org_id").notNull(),
    status: text("status").notNull(),
    planKey: text("plan_key").notNull(),
    interval: text("interval").notNull(),
    /** Monthly recurring revenue in cents (0 unless status = active; yearly ÷ 12; after discounts). */
    mrrCents: bigint("mrr_cents", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.subscriptionId] }), index("subscription_snapshots_org_day_idx").on(t.orgId, t.day)],
);

/**
 * One row per day: point-in-time figures at the end of the day, and month-to-date movements measured
 * against the baseline (the last snapshot before the month began). The row of a month's last snapshot
 * day holds that month's figures.
 */
export const metricsDaily = pgTable("metrics_daily", {
  day: date("day", { mode: "string" }).primaryKey(),
  mrrCents: bigint("mrr_cents", { mode: "number" }).notNull(),
  activeSubscriptions: integer("active_subscriptions").notNull(),
  trialingSubscriptions: integer("trialing_subscriptions").notNull(),
  pastDueSubscriptions: integer("past_due_subscriptions").notNull(),
  payingCustomers: integer("paying_customers").notNull(),
  /** Month-to-date MRR movements (per customer), cents. new + expansion − contraction − churned = MRR − baseline MRR. */
  baselineMrrCents: bigint("baseline_mrr_cents", { mode: "number" }).notNull(),
  newMrrCents: bigint("new_mrr_cents", { mode: "number" }).notNull(),
  expansionMrrCents: bigint("expansion_mrr_cents", { mode: "number" }).notNull(),
  contractionMrrCents: bigint("contraction_mrr_cents", { mode: "number" }).notNull(),
  churnedMrrCents: bigint("churned_mrr_cents", { mode: "number" }).notNull(),
  customersAtStart: integer("customers_at_start").notNull(),
  churnedCustomers: integer("churned_customers").notNull(),
  /** Month-to-date: paid invoices' totals and their overage lines, cents. */
  revenueCents: bigint("revenue_cents", { mode: "number" }).notNull(),
  overageRevenueCents: bigint("overage_revenue_cents", { mode: "number" }).notNull(),
  /** Month-to-date: trials that ended, and of those, the ones that became active (paid). */
  trialsEnded: integer("trials_ended").notNull(),
  trialsConverted: integer("trials_converted").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
});

/** One row per reconciler run: every organisation's mirror compared with Stripe and repaired. */
export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: text("id").primaryKey(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** running | ok | drift | error */
    status: text("status").notNull(),
    orgsChecked: integer("orgs_checked").notNull().default(0),
    driftCount: integer("drift_count").notNull().default(0),
    fixedCount: integer("fixed_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    /** [{ orgId, customerId, differences: [{ table, id, kind: missing|extra|changed, fields }], fixed, error }] */
    report: jsonb("report").notNull().default([]),
  },
  (t) => [index("reconciliation_runs_started_idx").on(t.startedAt)],
);

/** Alerts for platform admins (unusual usage, …), shown in the admin console. */
export const adminAlerts = pgTable(
  "admin_alerts",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    orgId: text("org_id"),
    title: text("title").notNull(),
    details: jsonb("details"),
    /** One alert per key (e.g. `anomaly:<org>:<metric>:<hour>`). */
    dedupeKey: text("dedupe_key").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("admin_alerts_created_idx").on(t.createdAt)],
);

export type SubscriptionSnapshot = typeof subscriptionSnapshots.$inferSelect;
export type MetricsDaily = typeof metricsDaily.$inferSelect;
export type ReconciliationRun = typeof reconciliationRuns.$inferSelect;
export type AdminAlert = typeof adminAlerts.$inferSelect;
