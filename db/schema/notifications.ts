import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./orgs";

/** In-app notifications; `dedupe_key` makes "once per period per threshold" alerts idempotent. */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("notifications_dedupe_idx").on(t.dedupeKey), index("notifications_org_created_idx").on(t.orgId, t.createdAt)],
);

export type Notification = typeof notifications.$inferSelect;
