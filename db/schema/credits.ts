import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./orgs";

export const creditSource = pgEnum("credit_source", ["purchased", "subscription", "promotional", "adjustment"]);
export const creditTxKind = pgEnum("credit_tx_kind", ["grant", "consume", "expire", "hold", "commit", "release"]);

/** One row per organisation: the balance every spend locks (SELECT … FOR UPDATE) so concurrent spends serialise. */
export const creditBalances = pgTable("credit_balances", {
  orgId: text("org_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
  /** Available credits = sum of live grants' remaining = sum of all transactions' amounts. */
  balance: bigint("balance", { mode: "number" }).notNull().default(0),
  /** Low-balance alert threshold (null = no alert). */
  lowBalanceThreshold: integer("low_balance_threshold"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

export const creditGrants = pgTable(
  "credit_grants",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    source: creditSource("source").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    remaining: bigint("remaining", { mode: "number" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    /** Set when the expiry sweep (or a spend) wrote the grant's remaining off. */
    expiredAt: timestamp("expired_at", { withTimezone: true }),
    idempotencyKey: text("idempotency_key").notNull(),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("credit_grants_org_key_idx").on(t.orgId, t.idempotencyKey), index("credit_grants_org_live_idx").on(t.orgId, t.expiresAt)],
);

export type GrantAllocation = { grantId: string; amount: number };

export const creditTransactions = pgTable(
  "credit_transactions",
  {
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity().primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    kind: creditTxKind("kind").notNull(),
    /** Signed: grants and returns are positive, spends, holds and expiries negative. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    allocations: jsonb("allocations").$type<GrantAllocation[]>().notNull().default([]),
    idempotencyKey: text("idempotency_key"),
    holdId: text("hold_id"),
    grantId: text("grant_id"),
    /** For consumption by event: the event type and quantity; for tokens: model and counts. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("credit_tx_org_key_idx").on(t.orgId, t.idempotencyKey), index("credit_tx_org_created_idx").on(t.orgId, t.createdAt)],
);

/** Reserved credits for long-running work: status held → committed | released | expired. */
export const creditHolds = pgTable(
  "credit_holds",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    committedAmount: bigint("committed_amount", { mode: "number" }),
    allocations: jsonb("allocations").$type<GrantAllocation[]>().notNull(),
    status: text("status").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("credit_holds_org_key_idx").on(t.orgId, t.idempotencyKey), index("credit_holds_status_exp_idx").on(t.status, t.expiresAt)],
);

export type CreditGrant = typeof creditGrants.$inferSelect;
export type CreditTransaction = typeof creditTransactions.$inferSelect;
export type CreditHold = typeof creditHolds.$inferSelect;
export type CreditSource = (typeof creditSource.enumValues)[number];
