import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Tx } from "../runtime";
import { sandboxMeterEvents } from "../schema";
import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam } from "../errors";
import { int, obj, oneOf, reqStr, str } from "../params";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, queryObjects, saveObject } from "../store";
import { listResponse } from "./common";

async function create(ctx: Ctx) {
  const p = ctx.params;
  const eventName = reqStr(p, "event_name");
  const displayName = reqStr(p, "display_name");
  const agg = obj(p, "default_aggregation");
  if (!agg) throw missingParam("default_aggregation");
  const formula = oneOf(agg, "formula", ["sum", "count", "last"] as const);
  if (!formula) throw missingParam("default_aggregation[formula]");
  const active = await queryObjects(ctx.tx, "billing.meter", { contains: { event_name: eventName, status: "active" } });
  if (active.length) throw invalidRequest(`An active meter with event_name \`${eventName}\` already exists.`, "event_name", "resource_already_exists");
  const cm = obj(p, "customer_mapping") ?? {};
  const vs = obj(p, "value_settings") ?? {};
  const now = nowUnix();
  const meter = build("billing.meter", {
    id: stripeId("mtr"),
    object: "billing.meter",
    created: now,
    updated: now,
    livemode: false,
    display_name: displayName,
    event_name: eventName,
    event_time_window: str(p, "event_time_window") ?? null,
    status: "active",
    status_transitions: { deactivated_at: null },
    default_aggregation: { formula },
    customer_mapping: { event_payload_key: str(cm, "event_payload_key") ?? "stripe_customer_id", type: "by_id" },
    value_settings: { event_payload_key: str(vs, "event_payload_key") ?? "value" },
  });
  await insertObject(ctx.tx, meter);
  return meter;
}

async function setStatus(ctx: Ctx, status: "active" | "inactive") {
  const meter = await getObject(ctx.tx, ctx.pathParams.id, "billing.meter");
  meter.status = status;
  meter.status_transitions = { deactivated_at: status === "inactive" ? nowUnix() : null };
  meter.updated = nowUnix();
  await saveObject(ctx.tx, meter);
  return meter;
}

async function update(ctx: Ctx) {
  const meter = await getObject(ctx.tx, ctx.pathParams.id, "billing.meter");
  const name = str(ctx.params, "display_name");
  if (name) meter.display_name = name;
  meter.updated = nowUnix();
  await saveObject(ctx.tx, meter);
  return meter;
}

/** Aggregate a meter's events for one customer over [start, end) (unix seconds). */
export async function meterUsage(tx: Tx, meter: StripeObj, customer: string, start: number, end: number): Promise<number> {
  const formula = (meter.default_aggregation as { formula: string }).formula;
  const where = and(
    eq(sandboxMeterEvents.eventName, meter.event_name as string),
    eq(sandboxMeterEvents.customer, customer),
    gte(sandboxMeterEvents.timestamp, start),
    lt(sandboxMeterEvents.timestamp, end),
  );
  if (formula === "last") {
    const rows = await tx.select({ v: sandboxMeterEvents.value }).from(sandboxMeterEvents).where(where)
      .orderBy(sql`${sandboxMeterEvents.timestamp} desc, ${sandboxMeterEvents.created} desc`).limit(1);
    return rows[0] ? Number(rows[0].v) : 0;
  }
  const [row] = await tx
    .select({ v: formula === "count" ? sql<string>`count(*)` : sql<string>`coalesce(sum(${sandboxMeterEvents.value}), 0)` })
    .from(sandboxMeterEvents)
    .where(where);
  return Number(row?.v ?? 0);
}

async function summaries(ctx: Ctx) {
  const meter = await getObject(ctx.tx, ctx.pathParams.id, "billing.meter");
  const customer = reqStr(ctx.params, "customer");
  const start = int(ctx.params, "start_time");
  const end = int(ctx.params, "end_time");
  if (start === undefined) throw missingParam("start_time");
  if (end === undefined) throw missingParam("end_time");
  const value = await meterUsage(ctx.tx, meter, customer, start, end);
  const summary = {
    id: stripeId("mtrusg"),
    object: "billing.meter_event_summary",
    aggregated_value: value,
    end_time: end,
    livemode: false,
    meter: meter.id,
    start_time: start,
  };
  return { object: "list", data: [summary], has_more: false, url: ctx.path };
}

/**
 * POST /v1/billing/meter_events. Deduplicated by `identifier` (per event name): a repeat returns the
 * first event and is not counted again.
 */
async function createEvent(ctx: Ctx) {
  const p = ctx.params;
  const eventName = reqStr(p, "event_name");
  const payload = obj(p, "payload");
  if (!payload) throw missingParam("payload");
  const [meter] = await queryObjects(ctx.tx, "billing.meter", { contains: { event_name: eventName, status: "active" } });
  if (!meter) throw invalidRequest(`No active meter was found for event_name \`${eventName}\`.`, "event_name", "resource_missing");
  const customerKey = (meter.customer_mapping as { event_payload_key: string }).event_payload_key;
  const valueKey = (meter.value_settings as { event_payload_key: string }).event_payload_key;
  const customer = str(payload, customerKey);
  if (!customer) throw missingParam(`payload[${customerKey}]`);
  const valueRaw = str(payload, valueKey) ?? "1";
  if (!/^-?\d+(\.\d+)?$/.test(valueRaw)) throw invalidRequest(`payload[${valueKey}] must be a number.`, `payload[${valueKey}]`);
  const now = nowUnix();
  const timestamp = int(p, "timestamp") ?? now;
  if (timestamp < now - 35 * 86400) throw invalidRequest("Timestamp must be within the past 35 calendar days.", "timestamp");
  if (timestamp > now + 300) throw invalidRequest("Timestamp must not be more than 5 minutes in the future.", "timestamp");
  const identifier = str(p, "identifier") || stripeId("mev");
  const inserted = await ctx.tx
    .insert(sandboxMeterEvents)
    .values({ eventName, identifier, customer, value: valueRaw, timestamp, created: now })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0] ?? (await ctx.tx.select().from(sandboxMeterEvents)
    .where(and(eq(sandboxMeterEvents.eventName, eventName), eq(sandboxMeterEvents.identifier, identifier))))[0];
  return build("billing.meter_event", {
    object: "billing.meter_event",
    created: row.created,
    event_name: row.eventName,
    identifier: row.identifier,
    livemode: false,
    payload: { [customerKey]: row.customer, [valueKey]: String(row.value) },
    timestamp: row.timestamp,
  });
}

export const meterRoutes: RouteDef[] = [
  ["POST", "/v1/billing/meters", create],
  ["GET", "/v1/billing/meters", (ctx) => {
    const status = str(ctx.params, "status");
    return listResponse(ctx, "billing.meter", { where: (o) => !status || o.status === status });
  }],
  ["GET", "/v1/billing/meters/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "billing.meter")],
  ["POST", "/v1/billing/meters/:id", update],
  ["POST", "/v1/billing/meters/:id/deactivate", (ctx) => setStatus(ctx, "inactive")],
  ["POST", "/v1/billing/meters/:id/reactivate", (ctx) => setStatus(ctx, "active")],
  ["GET", "/v1/billing/meters/:id/event_summaries", summaries],
  ["POST", "/v1/billing/meter_events", createEvent],
];
