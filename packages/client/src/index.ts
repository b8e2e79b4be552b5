import createClient from "openapi-fetch";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { components, operations, paths } from "./schema";

/**
 * @billing-kit/client: a typed client for the Billing Kit API. `api` is openapi-fetch over the types
 * openapi-typescript generated from GET /api/v1/openapi.json (every path, parameter and body typed);
 * `track`, `check`, `consume` and `hold` are the calls a product makes most, and `verifyWebhook`
 * checks our outbound webhooks (Standard Webhooks).
 */
export type { components, operations, paths };
export type Schemas = components["schemas"];

/** The API version these types were generated for; sent as Billing-Version unless you pin another. */
export const API_VERSION = "2026-12-01";

export type BillingClientOptions = {
  /** Your deployment, e.g. https://billing.example.com (no trailing /api/v1). */
  baseUrl: string;
  /** An API key from Settings → API keys (bk_…). */
  apiKey: string;
  /** Pin a dated API version (default: the one these types describe). */
  version?: string;
  /** A fetch implementation (tests dispatch to the route handlers in-process). */
  fetch?: (input: Request) => Promise<Response>;
};

export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

/** A non-2xx answer: the API's `{"error":{"code","message"}}` with the HTTP status. */
export class BillingApiError extends Error {
  readonly name = "BillingApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };
function unwrap<T>(r: Result<T>): T {
  if (r.response.ok && r.data !== undefined) return r.data;
  const e = (r.error ?? {}) as Partial<ApiErrorBody>;
  throw new BillingApiError(r.response.status, e.error?.code ?? "http_error", e.error?.message ?? `HTTP ${r.response.status}`, e.error?.details);
}

const newKey = () => globalThis.crypto.randomUUID();

export type UsageEvent = { metric: string; quantity?: number; idempotencyKey?: string; timestamp?: string | Date; properties?: Record<string, unknown> };

export function createBillingClient(opts: BillingClientOptions) {
  const api = createClient<paths>({
    baseUrl: opts.baseUrl.replace(/\/+$/, ""),
    headers: { authorization: `Bearer ${opts.apiKey}`, "Billing-Version": opts.version ?? API_VERSION },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });

  const toWire = (e: UsageEvent): Schemas["UsageEvent"] => ({
    metric: e.metric,
    quantity: e.quantity ?? 1,
    idempotency_key: e.idempotencyKey ?? newKey(),
    ...(e.timestamp !== undefined ? { timestamp: e.timestamp instanceof Date ? e.timestamp.toISOString() : e.timestamp } : {}),
    ...(e.properties ? { properties: e.properties } : {}),
  });

  return {
    /** The full typed API: `api.GET("/api/v1/billing/status")`, `api.PATCH("/api/v1/billing/subscription", { body })`… */
    api,

    /**
     * Record usage: one event or up to 1,000. Give each event your own idempotencyKey (e.g. the request
     * id) so a retry never counts twice; without one a random key is used.
     */
    async track(events: UsageEvent | UsageEvent[]) {
      const body = Array.isArray(events) ? { events: events.map(toWire) } : toWire(events);
      return unwrap(await api.POST("/api/v1/usage", { body }));
    },

    /** May the organisation use `quantity` (default 1) of a metric now, or does it have a feature? Counts nothing. */
    async check(what: { metric: string; quantity?: number } | { feature: string }) {
      const query = "feature" in what ? { feature: what.feature } : { metric: what.metric, quantity: what.quantity ?? 1 };
      return unwrap(await api.GET("/api/v1/check", { params: { query } }));
    },

    /** Spend credits by amount, or by a credit-priced event. Throws BillingApiError insufficient_credits (402) when short; nothing is spent then. */
    async consume(spend: ({ amount: number } | { event: string; quantity?: number }) & { idempotencyKey: string }) {
      const body = "amount" in spend ? { amount: spend.amount, idempotency_key: spend.idempotencyKey } : { event: spend.event, quantity: spend.quantity ?? 1, idempotency_key: spend.idempotencyKey };
      return unwrap(await api.POST("/api/v1/credits/consume", { body }));
    },

    /** Reserve credits for long-running work; then `commit(used)` or `release()` the returned hold. */
    async hold(reserve: { amount: number; idempotencyKey: string; ttlSeconds?: number }) {
      const created = unwrap(
        await api.POST("/api/v1/credits/holds", { body: { amount: reserve.amount, idempotency_key: reserve.idempotencyKey, ...(reserve.ttlSeconds ? { ttl_seconds: reserve.ttlSeconds } : {}) } }),
      );
      const path = { id: created.id };
      return {
        ...created,
        commit: async (amount: number) => unwrap(await api.POST("/api/v1/credits/holds/{id}/commit", { params: { path }, body: { amount } })),
        release: async () => unwrap(await api.POST("/api/v1/credits/holds/{id}/release", { params: { path } })),
      };
    },
  };
}

export type BillingClient = ReturnType<typeof createBillingClient>;

/**
 * Verify one of our outbound webhooks (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature `v1,<base64 HMAC-SHA256>`). Pass the RAW request body and the endpoint's signing
 * secret (whsec_…). Returns the parsed event; throws WebhookVerificationError when the signature is
 * wrong or the timestamp is more than 5 minutes off (replays).
 */
export function verifyWebhook<T = unknown>(rawBody: string | Buffer, headers: Headers | Record<string, string | string[] | undefined>, secret: string): T {
  const get = (name: string) => {
    if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? "";
    const v = (headers as Record<string, string | string[] | undefined>)[name] ?? (headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
    return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
  };
  const wh = new Webhook(secret);
  return wh.verify(rawBody, { "webhook-id": get("webhook-id"), "webhook-timestamp": get("webhook-timestamp"), "webhook-signature": get("webhook-signature") }) as T;
}

export { WebhookVerificationError };
