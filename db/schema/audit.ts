import { bigserial, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const actorType = pgEnum("actor_type", ["user", "admin", "api_key", "webhook", "job", "system"]);

/** Append-only: rows are inserted, never updated or deleted (a trigger in the migration enforces it). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    orgId: text("org_id"),
    action: text("action").notNull(),
    target: text("target"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
  },
  (t) => [index("audit_org_at_idx").on(t.orgId, t.at), index("audit_action_idx").on(t.action)],
);

export type AuditRow = typeof auditLog.$inferSelect;
export type ActorType = (typeof actorType.enumValues)[number];
