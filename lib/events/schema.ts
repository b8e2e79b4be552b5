import { z } from "zod";

/**
 * The public domain-event schema: every event type, its version and its `data` body. This is the
 * payload outbound webhooks carry (issue 16 §2) — a stable, versioned contract: add optional fields
 * freely; renaming or removing one, or changing its meaning, is a new `version` of that type.
 * Wire convention: snake_case, money in integer cents, times as ISO-8601 UTC strings.
 *
 * The envelope (`PublishedEvent`) is `{ id, type, version, org_id, occurred_at, data }`.
 */
const iso = z.string().describe("ISO-8601 UTC timestamp");
const id = z.string().min(1);
const plan = z.string().describe("plan key from the catalog");

const subscription = z.object({
  subscription_id: id,
  plan,
  status: z.string(),
  interval: z.string().nullable().optional(),
  cancel_at_period_end: z.boolean().optional(),
  current_period_end: iso.nullable().optional(),
});

export const eventSchemas = {
  "subscription.created": { version: 1, data: subscription },
  "subscription.updated": { version: 1, data: subscription.extend({ changed: z.array(z.string()).optional() }) },
  "subscription.canceled": {
    version: 1,
    data: subscription.extend({ at_period_end: z.boolean(), ends_at: iso.nullable(), reason: z.string().nullable().optional() }),
  },
  "subscription.resumed": { version: 1, data: subscription },
  "subscription.ending_soon": { version: 1, data: z.object({ subscription_id: id, plan, ends_at: iso }) },
  "subscription.plan_changed": {
    version: 1,
    data: z.object({
      subscription_id: id,
      from_plan: plan.nullable(),
      to_plan: plan,
      from_interval: z.string().nullable().optional(),
      to_interval: z.string().nullable().optional(),
      /** "now" (upgrades) or "period_end" (scheduled downgrades) */
      effective: z.enum(["now", "period_end"]),
      effective_at: iso.nullable().optional(),
    }),
  },
  "subscription.trial_will_end": { version: 1, data: z.object({ subscription_id: id, plan, trial_end: iso }) },
  "invoice.paid": {
    version: 1,
    data: z.object({ invoice_id: id, number: z.string().nullable(), amount_paid_cents: z.number().int(), currency: z.string(), hosted_invoice_url: z.string().nullable() }),
  },
  "invoice.payment_failed": {
    version: 1,
    data: z.object({ invoice_id: id, number: z.string().nullable(), amount_due_cents: z.number().int(), currency: z.string(), attempt_count: z.number().int() }),
  },
  "invoice.overdue": {
    version: 1,
    data: z.object({ subscription_id: id, plan, past_due_since: iso, grace_period_days: z.number().int(), restricted: z.boolean() }),
  },
  "payment.recovered": { version: 1, data: z.object({ invoice_id: id, number: z.string().nullable(), subscription_id: id.nullable(), plan: plan.nullable() }) },
  "customer.deleted": { version: 1, data: z.object({ customer_id: id }) },
  "credits.granted": {
    version: 1,
    data: z.object({ grant_id: id, amount: z.number().int(), source: z.string(), balance: z.number().int(), expires_at: iso.nullable(), reason: z.string().nullable() }),
  },
  "credits.low_balance": { version: 1, data: z.object({ balance: z.number().int(), threshold: z.number().int(), transaction_id: z.number().int() }) },
  "credits.expired": { version: 1, data: z.object({ amount: z.number().int(), balance: z.number().int(), grant_ids: z.array(id) }) },
  "quota.threshold_crossed": {
    version: 1,
    data: z.object({ metric: z.string(), threshold: z.union([z.literal(50), z.literal(80), z.literal(100)]), used: z.number(), included: z.number(), period_start: iso, plan }),
  },
  "usage.anomaly_detected": {
    version: 1,
    data: z.object({ metric: z.string(), hour_start: iso, quantity: z.number(), baseline_mean: z.number(), factor: z.number() }),
  },
  "spend_cap.reached": { version: 1, data: z.object({ spend_cap_cents: z.number().int(), overage_cents: z.number().int(), period_start: iso.optional() }) },
  "entitlement.changed": {
    version: 1,
    data: z.object({ plan, reason: z.enum(["restricted", "restored", "comped", "plan_changed", "canceled", "customer_deleted"]), subscription_id: id.nullable().optional() }),
  },
  "member.added": { version: 1, data: z.object({ user_id: id, role: z.string() }) },
  "member.removed": { version: 1, data: z.object({ user_id: id, role: z.string().nullable().optional() }) },
  "api_key.created": { version: 1, data: z.object({ api_key_id: id, name: z.string(), prefix: z.string(), scopes: z.array(z.string()) }) },
  "api_key.revoked": { version: 1, data: z.object({ api_key_id: id, name: z.string(), prefix: z.string() }) },
  "webhook_endpoint.disabled": { version: 1, data: z.object({ endpoint_id: id, url: z.string(), failing_since: iso, reason: z.literal("failing") }) },
} as const;

export type EventType = keyof typeof eventSchemas;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];
export type EventData<T extends EventType> = z.input<(typeof eventSchemas)[T]["data"]>;

/** What a caller passes to record(): a type and its data (validated against the schema). */
export type EventInput = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** The envelope delivered to subscribers (and, later, outbound webhooks). */
export const publishedEventSchema = z.object({
  id,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.number().int(),
  org_id: z.string().nullable(),
  occurred_at: iso,
  data: z.record(z.string(), z.unknown()),
});
export type PublishedEvent = z.infer<typeof publishedEventSchema>;

/** Validate an event's data against its type's schema (throws a ZodError naming the field). */
export function parseEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  const def = eventSchemas[type];
  if (!def) throw new Error(`unknown domain event type "${String(type)}"`);
  return def.data.parse(data) as EventData<T>;
}
