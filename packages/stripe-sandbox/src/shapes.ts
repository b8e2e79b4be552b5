import templates from "./templates.json";
import { nowUnix } from "./runtime";
import { randomBytes } from "node:crypto";

/**
 * Every object the sandbox returns starts from Stripe's own example (fixtures3.json, scrubbed:
 * fields Stripe documents as nullable are null) so it carries all of Stripe's top-level keys
 * with the right JSON types; the resource handlers then fill in the real values.
 */
export type StripeObj = Record<string, unknown> & { id: string; object: string };
type TemplateName = keyof typeof templates.resources;

export const NULLABLE_FIELDS = templates.nullable as Record<string, string[]>;

export function build(type: TemplateName, fields: Record<string, unknown>): StripeObj {
  const base = structuredClone(templates.resources[type]) as Record<string, unknown>;
  // `livemode` only on objects that have it in this API version (a discount or subscription item has none)
  return { ...base, ...("livemode" in base ? { livemode: false } : {}), ...fields } as unknown as StripeObj;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 string (rejection sampling: no modulo bias). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

const ID_LENGTH: Record<string, number> = { cus: 14, cs_test: 58, promo: 24, seti: 24, pi: 24, ch: 24, in: 24, sub: 24 };

/** Stripe-style prefixed id (`cus_…`, `sub_…`, `cs_test_…`). */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomBase62(ID_LENGTH[prefix] ?? 24)}`;
}

export { nowUnix };

/** Fields the sandbox keeps on stored objects for itself (request-only parameters it needs later). */
const INTERNAL_FIELDS = new Set(["_subscription_data", "_payment_intent_data"]);

/** What leaves the sandbox (responses, event payloads): a deep copy without the internal fields. */
export function publicView<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) => (INTERNAL_FIELDS.has(key) ? undefined : v)) as T;
}

export function listEnvelope(data: unknown[], url: string, hasMore = false) {
  return { object: "list", data, has_more: hasMore, url };
}
