import { describe, expect, it } from "vitest";
import { usageBody, usageEvent } from "../schemas/usage";
import { validateUsageEvents, type UsageEventInput } from "@/lib/usage/validate-usage-events";

/**
 * POST /api/v1/usage validates with validateUsageEvents (it names every problem by index and field);
 * the document describes the body with the zod schema `usageEvent`. They must agree on what is valid
 * (the catalog checks — known metric, 0 only for gauges, the timestamp window — are beyond a static
 * schema and stay the validator's).
 */
const NOW = Date.parse("2026-12-01T12:00:00Z");
const toInput = (e: Record<string, unknown>) => ({ ...e, idempotencyKey: e.idempotency_key }) as unknown as UsageEventInput;
const cases: [string, Record<string, unknown>][] = [
  ["minimal", { metric: "api_calls", quantity: 1, idempotency_key: "k" }],
  ["properties", { metric: "api_calls", quantity: 3, idempotency_key: "k", properties: { endpoint: "/x" } }],
  ["timestamp", { metric: "tokens", quantity: 10, idempotency_key: "k", timestamp: "2026-12-01T11:00:00Z" }],
  ["fractional quantity", { metric: "api_calls", quantity: 0.5, idempotency_key: "k" }],
  ["negative quantity", { metric: "api_calls", quantity: -1, idempotency_key: "k" }],
  ["quantity as a string", { metric: "api_calls", quantity: "1", idempotency_key: "k" }],
  ["no idempotency key", { metric: "api_calls", quantity: 1 }],
  ["empty idempotency key", { metric: "api_calls", quantity: 1, idempotency_key: "" }],
  ["idempotency key of 256", { metric: "api_calls", quantity: 1, idempotency_key: "x".repeat(256) }],
  ["properties not an object", { metric: "api_calls", quantity: 1, idempotency_key: "k", properties: "x" }],
  ["no metric", { quantity: 1, idempotency_key: "k" }],
];

describe("the documented usage event schema agrees with validateUsageEvents", () => {
  it.each(cases)("%s", (_name, event) => {
    const byValidator = validateUsageEvents([toInput(event)], NOW).length === 0;
    expect(usageEvent.safeParse(event).success).toBe(byValidator);
  });

  it("a batch is {events:[…]} of 1 to 1,000", () => {
    const e = { metric: "api_calls", quantity: 1, idempotency_key: "k" };
    expect(usageBody.safeParse({ events: [e] }).success).toBe(true);
    expect(usageBody.safeParse({ events: [] }).success).toBe(validateUsageEvents([], NOW).length === 0);
    expect(usageBody.safeParse({ events: Array.from({ length: 1001 }, () => e) }).success).toBe(false);
  });
});
