import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { now, nowMs } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { enqueueRows, type IngestRow } from "./group-commit";
import { periodContaining } from "./period";
import { metricKind, validateUsageEvents, type UsageEventInput } from "./validate-usage-events";
import "./usage-alerts";

export type RecordedEvent = { idempotency_key: string; status: "recorded" | "duplicate" };
export type RecordUsageResult = { recorded: number; duplicates: number; events: RecordedEvent[] };

/**
 * Record a batch of usage events for one organisation. Validates everything first (any invalid
 * event → 400 naming index and field, nothing recorded), then hands the rows to the group
 * committer and resolves only after they are committed. Recording a key twice counts it once.
 */
export async function recordUsageBatch(orgId: string, events: UsageEventInput[], opts: { counted?: boolean } = {}): Promise<RecordUsageResult> {
  const problems = validateUsageEvents(events, nowMs());
  if (problems.length) {
    const summary = problems.slice(0, 5).map((p) => (p.index >= 0 ? `events[${p.index}].${p.field}: ${p.message}` : `${p.field}: ${p.message}`));
    throw new AppError("invalid_request", `Invalid usage batch, nothing recorded — ${summary.join("; ")}.`, 400, { problems });
  }
  const org = await resolveOrgPlan(orgId);
  const anchor = { start: org.periodStart, end: org.periodEnd };
  const at = now();
  const rows: IngestRow[] = events.map((e) => {
    const ts = e.timestamp === undefined ? at : new Date(e.timestamp);
    const period = periodContaining(ts, anchor);
    return {
      orgId,
      metric: e.metric,
      kind: metricKind(e.metric)!,
      quantity: e.quantity,
      key: e.idempotencyKey,
      ts,
      periodStart: period.start,
      periodEnd: period.end,
      properties: e.properties ?? null,
      counted: opts.counted,
    };
  });
  const flags = await enqueueRows(rows);
  const out = events.map((e, i) => ({ idempotency_key: e.idempotencyKey, status: flags[i] ? ("recorded" as const) : ("duplicate" as const) }));
  const recorded = flags.filter(Boolean).length;
  return { recorded, duplicates: events.length - recorded, events: out };
}

/** Record one usage event; `status` says whether it was new or a duplicate of an earlier key. */
export async function recordUsage(input: UsageEventInput & { orgId: string }): Promise<RecordedEvent> {
  const { orgId, ...event } = input;
  const res = await recordUsageBatch(orgId, [event]);
  return res.events[0]!;
}
