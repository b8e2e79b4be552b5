import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/auth/api-key-scopes";
import { API_OPERATIONS, errorStatuses, type Operation } from "./operations";
import { errorBody } from "./schemas/common";
import { API_VERSIONS, CURRENT_API_VERSION, VERSION_HEADER } from "./version";

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input (the fields zod rejected are in details.fields), or an unsupported Billing-Version.",
  401: "Missing, unknown or revoked API key.",
  402: "Not enough credits; nothing was consumed.",
  403: "The key lacks the required scope (insufficient_scope), or the plan lacks the feature.",
  404: "No such resource in this organisation.",
  409: "Conflicts with the current state (e.g. already subscribed, hold no longer active).",
  429: "Rate limit of the key (Retry-After), or quota / spend cap reached on a metered endpoint.",
  500: "Something went wrong on our side (the request id is in x-request-id).",
  503: "Payments are temporarily unavailable; nothing was charged. Retry later.",
};

const header = (description: string) => ({ description, schema: { type: "string" as const } });
const keyHeaders = {
  "Billing-Version": header("The API version the answer was produced under."),
  "X-RateLimit-Limit": header("Requests allowed per window for this key."),
  "X-RateLimit-Remaining": header("Requests left in this window."),
  "X-RateLimit-Reset": header("When the window resets (Unix seconds)."),
};
const usageHeaders = {
  "X-Usage-Limit": header('The metric\'s limit this period, or "unlimited".'),
  "X-Usage-Remaining": header('Units left this period, or "unlimited".'),
  "X-Usage-Reset": header("When the period resets (Unix seconds)."),
};

function describeAuth(op: Operation): string {
  if (op.scope === "public") return "No API key needed.";
  const scope = op.scope ? `Requires an API key with the \`${op.scope}\` scope.` : "Any valid API key.";
  const metered = op.metered
    ? ` Metered: each call counts ${op.metered.cost} ${op.metered.metric} before it runs (429 quota_exceeded past a hard limit, refunded if it fails)${op.metered.feature ? `; needs the ${op.metered.feature} feature (403 feature_not_available)` : ""}.`
    : "";
  return scope + metered;
}

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const keyed = op.scope !== "public";
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const headers = keyed ? { ...keyHeaders, ...(op.metered ? usageHeaders : {}) } : undefined;
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: r.description,
      ...(headers ? { headers } : {}),
      content: r.schema ? { "application/json": { schema: r.schema } } : { [r.mediaType ?? "application/octet-stream"]: { schema: z.string().meta({ format: "binary" }) } },
    };
  }
  for (const s of errorStatuses(op)) {
    responses[String(s) as `4${string}`] = { description: ERROR_TEXT[s] ?? "Error.", content: { "application/json": { schema: errorBody } } };
  }
  const headerParams: Record<string, z.ZodType> = {};
  if (keyed) {
    headerParams[VERSION_HEADER] = z
      .enum(API_VERSIONS)
      .optional()
      .meta({ description: `The dated API version to use; default ${CURRENT_API_VERSION}. Echoed in the response.` });
  }
  if (op.idempotencyHeader) headerParams["Idempotency-Key"] = z.string().max(255).optional().meta({ description: "Makes a retry of this request safe: the same key never creates two sessions or charges." });
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, describeAuth(op)].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    security: keyed ? [{ apiKey: op.scope ? [op.scope] : [] }] : [],
    ...(op.scope && op.scope !== "public" ? { "x-required-scope": op.scope } : {}),
    ...(op.metered ? { "x-metered": op.metered } : {}),
    requestParams: {
      ...(op.query ? { query: op.query } : {}),
      ...(op.pathParams ? { path: op.pathParams } : {}),
      ...(Object.keys(headerParams).length ? { header: z.object(headerParams) } : {}),
    },
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the operations list and its zod schemas. */
export function buildOpenApiDocument(serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of API_OPERATIONS) paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: operationObject(op) };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Billing Kit API",
      version: CURRENT_API_VERSION,
      description: [
        "The API your product's backend calls: record usage, check quotas, spend credits, read and change the subscription.",
        "Authenticate with an API key from Settings → API keys: `Authorization: Bearer bk_…`. Each key carries scopes; a route names the one it needs.",
        `Every body is JSON in snake_case. Every error is \`{"error":{"code","message"}}\`. Pin a version with the \`${VERSION_HEADER}\` header (current: ${CURRENT_API_VERSION}); breaking changes only ship under a new dated version.`,
      ].join("\n\n"),
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: serverUrl ?? "/", description: serverUrl ? "This deployment" : "The deployment serving this document" }],
    tags: [
      { name: "Metering", description: "Record usage and check quotas." },
      { name: "Credits", description: "Prepaid credits: balance, consume, holds." },
      { name: "Billing", description: "Subscription, checkout, invoices, cards, spend cap." },
      { name: "Account", description: "The key's organisation." },
      { name: "Webhooks", description: "Outbound webhook endpoints (Standard Webhooks)." },
      { name: "Demo (metered)", description: "Example endpoints metered with withUsage." },
      { name: "Meta", description: "This description." },
    ],
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "bk_…",
          description: `An organisation's API key. Scopes: ${API_SCOPES.map((s) => `\`${s}\` (${SCOPE_DESCRIPTIONS[s]})`).join("; ")}.`,
        },
      },
    },
    paths,
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
