import { AppError, badRequest } from "@/lib/errors";
import { recordUsageBatch, type RecordUsageResult } from "./record-usage";
import { MAX_BATCH, type UsageEventInput } from "./validate-usage-events";

/**
 * The body of POST /api/v1/usage: one event or `{"events":[…]}` (snake_case fields). Maps it to
 * `recordUsageBatch`, which rejects the whole batch naming each problem's index and field.
 */
export async function recordUsageRequest(orgId: string, body: unknown): Promise<RecordUsageResult> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw badRequest("Send one event object or {\"events\":[…]}.", undefined, "invalid_request");
  const b = body as Record<string, unknown>;
  let raw: unknown[];
  if ("events" in b) {
    if (!Array.isArray(b.events)) throw badRequest("events must be an array.", { problems: [{ index: -1, field: "events", message: "expected an array" }] });
    raw = b.events;
  } else raw = [b];
  if (raw.length > MAX_BATCH) {
    throw new AppError("batch_too_large", `At most ${MAX_BATCH} events per batch (got ${raw.length}).`, 400, { problems: [{ index: -1, field: "events", message: `at most ${MAX_BATCH}` }] });
  }
  const events: UsageEventInput[] = raw.map((e) => {
    const o = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
    return {
      metric: o.metric as string,
      quantity: o.quantity as number,
      idempotencyKey: (o.idempotency_key ?? o.idempotencyKey) as string,
      timestamp: o.timestamp as string | undefined,
      properties: o.properties as Record<string, unknown> | undefined,
    };
  });
  return recordUsageBatch(orgId, events);
}
