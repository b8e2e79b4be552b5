import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./orgs";

/**
 * The Stripe mirror. Written ONLY by syncStripeCustomer (lib/billing/sync-stripe-customer.ts), which
 * re-reads a customer's state from Stripe and upserts it in one transaction. Ids are Stripe's ids.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: text("id").primaryKey(), // sub_…
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: text("customer_id").notNull(),
    /** incomplete | incomplete_expired | trialing | active | past_due | unpaid | canceled | paused */
    status: text("status").notNull(),
    planKey: text("plan_key").notNull(),
    interval: text("interval").notNull(), // month | year
    priceId: text("price_id"),
    quantity: integer("quantity").notNull().default(1),
    /** Recurring amount per interval after discounts, in cents. */
    amountCents: bigint("amount_cents", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("usd"),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }).notNull(),
    trialEnd: timestamp("trial_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    canceledAt: timestamp("canceled_at", { withTimezone: true }),
    /** When the subscription entered past_due (grace period counts from here). */
    pastDueSince: timestamp("past_due_since", { withTimezone: true }),
    discount: jsonb("discount"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("subscriptions_org_idx").on(t.orgId), index("subscriptions_status_idx").on(t.status)],
);

export type Subscription = typeof subscriptions.$inferSelect;
