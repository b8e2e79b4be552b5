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
    /** Added by syncStripeCustomer (issue 4): when a cancellation takes effect / took effect. */
    cancelAt: timestamp("cancel_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    latestInvoiceId: text("latest_invoice_id"),
    /** Subscription items: [{ id, priceId, lookupKey, quantity, unitAmountCents, interval }]. */
    items: jsonb("items"),
    /** A change scheduled for the period end (downgrade): { planKey, interval, effectiveAt, scheduleId }. */
    pendingChange: jsonb("pending_change"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("subscriptions_org_idx").on(t.orgId), index("subscriptions_status_idx").on(t.status)],
);

export type Subscription = typeof subscriptions.$inferSelect;

/** Mirror of Stripe customers (one per organisation). Written only by syncStripeCustomer. */
export const stripeCustomers = pgTable("stripe_customers", {
  id: text("id").primaryKey(), // cus_…
  orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  email: text("email"),
  name: text("name"),
  defaultPaymentMethodId: text("default_payment_method_id"),
  /** Customer balance in cents (negative = credit). */
  balanceCents: bigint("balance_cents", { mode: "number" }).notNull().default(0),
  currency: text("currency"),
  deleted: boolean("deleted").notNull().default(false),
  syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
});

/** Mirror of Stripe invoices. Written only by syncStripeCustomer. */
export const invoices = pgTable(
  "invoices",
  {
    id: text("id").primaryKey(), // in_…
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: text("customer_id").notNull(),
    subscriptionId: text("subscription_id"),
    /** draft | open | paid | uncollectible | void */
    status: text("status").notNull(),
    amountDueCents: bigint("amount_due_cents", { mode: "number" }).notNull().default(0),
    amountPaidCents: bigint("amount_paid_cents", { mode: "number" }).notNull().default(0),
    totalCents: bigint("total_cents", { mode: "number" }).notNull().default(0),
    subtotalCents: bigint("subtotal_cents", { mode: "number" }).notNull().default(0),
    discountCents: bigint("discount_cents", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("usd"),
    periodStart: timestamp("period_start", { withTimezone: true }),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    hostedInvoiceUrl: text("hosted_invoice_url"),
    invoicePdf: text("invoice_pdf"),
    number: text("number"),
    billingReason: text("billing_reason"),
    attemptCount: integer("attempt_count").notNull().default(0),
    created: timestamp("created", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** [{ id, description, amountCents, priceId, lookupKey, quantity, proration, periodStart, periodEnd }] */
    lines: jsonb("lines"),
    /** Applied discounts: [{ coupon, promotionCode, amountCents }] */
    discounts: jsonb("discounts"),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("invoices_org_created_idx").on(t.orgId, t.created),
    index("invoices_status_idx").on(t.status),
    index("invoices_subscription_idx").on(t.subscriptionId),
  ],
);

/** Mirror of a customer's card payment methods. Written only by syncStripeCustomer. */
export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: text("id").primaryKey(), // pm_…
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    customerId: text("customer_id").notNull(),
    type: text("type").notNull().default("card"),
    brand: text("brand"),
    last4: text("last4"),
    expMonth: integer("exp_month"),
    expYear: integer("exp_year"),
    isDefault: boolean("is_default").notNull().default(false),
    created: timestamp("created", { withTimezone: true }),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("payment_methods_org_idx").on(t.orgId)],
);

export type StripeCustomerRow = typeof stripeCustomers.$inferSelect;
export type Invoice = typeof invoices.$inferSelect;
export type PaymentMethodRow = typeof paymentMethods.$inferSelect;
