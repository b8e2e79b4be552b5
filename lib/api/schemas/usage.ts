import { z } from "zod";
import { MAX_BATCH } from "@/lib/usage/validate-usage-events";
import { idempotencyKey, isoDateTime } from "./common";

/** Requests and responses of the metering API (usage, check, usage summary). */
export const checkQuery = z
  .object({
    metric: z.string().min(1).optional().meta({ description: "A metric key, e.g. api_calls. Send exactly one of metric or feature." }),
    feature: z.string().min(1).optional().meta({ description: "A feature key, e.g. advanced_exports." }),
    quantity: z.coerce.number().int("expected a whole number").min(0, "expected a non-negative integer").default(1).meta({ description: "How much you are about to use (default 1)." }),
  })
  .refine((q) => Boolean(q.metric) !== Boolean(q.feature), { message: "send exactly one of metric or feature", path: ["metric"] });

export const usageSummaryQuery = z.object({
  period: z
    .string()
    .regex(/^(current|\d{4}-(0[1-9]|1[0-2]))$/, 'expected "current" or YYYY-MM')
    .default("current")
    .meta({ description: 'The current billing period, or the one starting in a month (YYYY-MM).' }),
});

/**
 * One usage event as sent. POST /api/v1/usage validates the batch with validateUsageEvents
 * (lib/usage/validate-usage-events.ts), which reports every problem by index and field; this schema
 * states the same rules (usage-schema.unit.test.ts checks they agree).
 */
export const usageEvent = z
  .object({
    metric: z.string().meta({ description: "A metric key from the catalog, e.g. api_calls.", example: "api_calls" }),
    quantity: z.number().int().min(0).meta({ description: "A non-negative integer (positive for sum metrics)." }),
    idempotency_key: idempotencyKey,
    timestamp: isoDateTime.optional().meta({ description: "When it happened (ISO 8601): at most 35 days ago, 5 minutes ahead. Default now." }),
    properties: z.record(z.string(), z.unknown()).optional().meta({ description: "Free-form, at most 4 KB serialised (endpoint groups the usage report)." }),
  })
  .meta({ id: "UsageEvent" });
export const usageBody = z
  .union([usageEvent, z.object({ events: z.array(usageEvent).min(1).max(MAX_BATCH) }).meta({ id: "UsageBatch" })])
  .meta({ id: "UsageRequest", description: `One event, or {"events":[…]} with up to ${MAX_BATCH}. The whole batch is refused (400, details.problems naming index and field) if any event is invalid.` });

export const usageRecorded = z
  .object({
    recorded: z.number().int(),
    duplicates: z.number().int().meta({ description: "Events whose idempotency_key was already recorded (counted once)." }),
    events: z.array(z.object({ idempotency_key: z.string(), status: z.enum(["recorded", "duplicate"]) }).strict()),
  })
  .strict()
  .meta({ id: "UsageRecorded" });

export const checkResult = z
  .object({
    allowed: z.boolean(),
    limit: z.number().int().nullable().meta({ description: "The effective limit (included, or the spend-cap ceiling); null = unlimited." }),
    used: z.number().int(),
    remaining: z.number().int().nullable(),
    resets_at: isoDateTime,
    overage: z.number().int(),
    reason: z.enum(["quota_exceeded", "spend_cap_reached", "not_entitled", "subscription_restricted"]).optional(),
  })
  .strict()
  .meta({ id: "CheckResult" });

export const usageSummary = z
  .object({
    period: z.object({ start: isoDateTime, end: isoDateTime, current: z.boolean() }).strict(),
    plan: z.string(),
    metrics: z.array(z.object({ metric: z.string(), kind: z.string(), used: z.number(), peak: z.number(), included: z.number().nullable(), overage: z.number() }).strict()),
    by_day: z.array(z.object({ metric: z.string(), day: z.string().meta({ example: "2026-12-01" }), quantity: z.number() }).strict()),
    by_endpoint: z.array(z.object({ metric: z.string(), endpoint: z.string(), quantity: z.number(), requests: z.number() }).strict()),
  })
  .strict()
  .meta({ id: "UsageSummary" });
