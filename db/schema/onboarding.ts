import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./orgs";

/**
 * One onboarding session per organisation (the wizard in app/onboarding): which step it is on and
 * what each finished step produced, so leaving and coming back continues where it stopped.
 * Step keys come from lib/onboarding/steps.ts.
 */
export const onboardingSessions = pgTable(
  "onboarding_sessions",
  {
    orgId: text("org_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    currentStep: text("current_step").notNull(),
    completedSteps: jsonb("completed_steps").$type<string[]>().notNull().default([]),
    planKey: text("plan_key"),
    interval: text("interval"), // month | year
    discountCode: text("discount_code"),
    paymentMethodId: text("payment_method_id"),
    subscriptionId: text("subscription_id"),
    /** The first API key's id (the key itself is shown once and never stored). */
    apiKeyId: text("api_key_id"),
    creditsGranted: jsonb("credits_granted").$type<{ amount: number; key: string } | null>(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("onboarding_sessions_user_idx").on(t.userId)],
);

export type OnboardingSession = typeof onboardingSessions.$inferSelect;
