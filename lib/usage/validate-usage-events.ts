import { z } from "zod";
import { catalog } from "@/lib/billing/catalog";
import { timestampProblem } from "./period";

export const MAX_BATCH = 1_000;

/** One event as the API and `recordUsage` take it. */
export type UsageEventInput = {
  metric: string;
  quantity: number;
  idempotencyKey: string;
  timestamp?: Date | string;
  properties?: Record<string, unknown>;
};

export type EventProblem = { index: number; field: string; message: string };

export const metricKind = (metric: string) => catalog.metrics.find((m) => m.key === metric)?.kind;

const propsSchema = z
  .record(z.string(), z.unknown())
  .refine((p) => JSON.stringify(p).length <= 4_096, "properties must serialise to at most 4 KB");

/**
 * Every problem in a batch, each naming the event's index and field. The whole batch is refused
 * when any event is invalid, so nothing is recorded.
 */
export function validateUsageEvents(events: UsageEventInput[], nowMs: number): EventProblem[] {
  const problems: EventProblem[] = [];
  const push = (index: number, field: string, message: string) => problems.push({ index, field, message });
  if (events.length === 0) push(-1, "events", "send at least one event");
  if (events.length > MAX_BATCH) push(-1, "events", `at most ${MAX_BATCH} events per batch (got ${events.length})`);
  events.forEach((e, i) => {
    if (typeof e !== "object" || e === null) return push(i, "", "expected an object");
    if (typeof e.metric !== "string" || !metricKind(e.metric)) {
      push(i, "metric", `unknown metric ${JSON.stringify(e.metric)}; expected one of ${catalog.metrics.map((m) => m.key).join(", ")}`);
    }
    if (typeof e.quantity !== "number" || !Number.isSafeInteger(e.quantity) || e.quantity < 0) {
      push(i, "quantity", "expected a non-negative integer");
    } else if (e.quantity === 0 && metricKind(e.metric) === "sum") {
      push(i, "quantity", "expected a positive integer for a sum metric");
    }
    if (typeof e.idempotencyKey !== "string" || e.idempotencyKey.length === 0 || e.idempotencyKey.length > 255) {
      push(i, "idempotency_key", "required: a string of 1-255 characters");
    }
    if (e.timestamp !== undefined) {
      const ts = e.timestamp instanceof Date ? e.timestamp : typeof e.timestamp === "string" ? new Date(e.timestamp) : new Date(NaN);
      const why = timestampProblem(ts, nowMs);
      if (why) push(i, "timestamp", why);
    }
    if (e.properties !== undefined) {
      const p = propsSchema.safeParse(e.properties);
      if (!p.success) push(i, "properties", p.error.issues[0]?.message ?? "expected an object");
    }
  });
  return problems;
}
