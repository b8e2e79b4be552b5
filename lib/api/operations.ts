import { z } from "zod";
import type { ApiScope } from "@/lib/auth/api-key-scopes";
import { catalog } from "@/lib/billing/catalog";
import * as billing from "./schemas/billing";
import { errorBody, idParam } from "./schemas/common";
import * as credits from "./schemas/credits";
import * as misc from "./schemas/misc";
import * as usage from "./schemas/usage";
import * as webhooks from "./schemas/webhooks";

/**
 * Every /api/v1 operation: the zod schemas its route validates with (the same objects, imported by
 * the route files), its scope (the one passed to withApiKey / withUsage) and its responses. The
 * OpenAPI document (lib/api/openapi.ts) is generated from this list, and the API tests check each
 * answer against the schema listed here for its status (tests/api-client.ts), so neither the document
 * nor the routes can drift unnoticed. Adding a route: add it here (openapi.unit.test.ts fails otherwise).
 */
export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Operation = {
  method: Method;
  /** OpenAPI path, `{param}` for dynamic segments. */
  path: `/api/v1/${string}`;
  operationId: string;
  tag: "Metering" | "Credits" | "Billing" | "Account" | "Webhooks" | "Demo (metered)" | "Meta";
  summary: string;
  description?: string;
  /** `withApiKey(scope)`; null = any valid key; "public" = no key (the document itself). */
  scope: ApiScope | null | "public";
  /** withUsage: the metric and units one call counts, and the feature it needs. */
  metered?: { metric: string; cost: number; feature?: string };
  query?: z.ZodObject;
  pathParams?: z.ZodObject;
  body?: z.ZodType;
  idempotencyHeader?: boolean;
  /** Success statuses → schema (JSON), or a media type with a string body. */
  responses: Record<number, { description: string; schema?: z.ZodType; mediaType?: string }>;
  /** Error statuses this operation can answer besides the ones every keyed route has (400, 401, 429, 500). */
  errors?: number[];
};

const cost = (endpoint: string, fallback: number) => catalog.endpointCosts[endpoint] ?? fallback;

export const API_OPERATIONS: Operation[] = [
  // Metering
  {
    method: "post", path: "/api/v1/usage", operationId: "recordUsage", tag: "Metering", scope: "usage:write",
    summary: "Record usage events",
    description: "One event, or up to 1,000 in `events`. Answered 200 only after the events are committed; a repeated idempotency_key counts once (reported as a duplicate).",
    body: usage.usageBody,
    responses: { 200: { description: "Recorded (or recognised as duplicates).", schema: usage.usageRecorded } },
  },
  {
    method: "get", path: "/api/v1/check", operationId: "check", tag: "Metering", scope: "usage:read",
    summary: "Check a quota or a feature",
    description: "May the organisation use `quantity` of `metric` now (or does its plan include `feature`)? Counts nothing.",
    query: usage.checkQuery,
    responses: { 200: { description: "The answer; `allowed: false` comes with a reason.", schema: usage.checkResult } },
  },
  {
    method: "get", path: "/api/v1/usage/summary", operationId: "getUsageSummary", tag: "Metering", scope: "usage:read",
    summary: "Usage for a period",
    description: "Per metric, per day and per endpoint, for the current or a past billing period.",
    query: usage.usageSummaryQuery,
    responses: { 200: { description: "The period's usage.", schema: usage.usageSummary } },
  },
  // Credits
  {
    method: "get", path: "/api/v1/credits", operationId: "getCreditBalance", tag: "Credits", scope: "usage:read",
    summary: "Credit balance", description: "Balance, by source, held, and grants expiring in the next 30 days.",
    responses: { 200: { description: "The balance.", schema: credits.creditBalance } },
  },
  {
    method: "post", path: "/api/v1/credits/consume", operationId: "consumeCredits", tag: "Credits", scope: "credits:write",
    summary: "Consume credits", description: "Spend by amount or by event type. When the balance is short: 402 insufficient_credits and nothing is consumed.",
    body: credits.consumeBody,
    responses: { 200: { description: "Consumed (or a duplicate of an earlier consume).", schema: credits.consumeResult } },
    errors: [402, 403],
  },
  {
    method: "post", path: "/api/v1/credits/holds", operationId: "createHold", tag: "Credits", scope: "credits:write",
    summary: "Reserve credits (a hold)", description: "For long-running work: commit the amount used, or release it, before it expires.",
    body: credits.holdBody,
    responses: { 201: { description: "The hold was placed.", schema: credits.holdCreated }, 200: { description: "This idempotency_key already placed a hold: that hold.", schema: credits.holdCreated } },
    errors: [402, 403],
  },
  {
    method: "post", path: "/api/v1/credits/holds/{id}/commit", operationId: "commitHold", tag: "Credits", scope: "credits:write",
    summary: "Commit a hold", description: "Commit the amount actually used (≤ reserved); the rest returns to the balance. 409 hold_expired when it expired first.",
    pathParams: idParam, body: credits.commitBody,
    responses: { 200: { description: "The settled hold.", schema: credits.hold } },
    errors: [403, 404, 409],
  },
  {
    method: "post", path: "/api/v1/credits/holds/{id}/release", operationId: "releaseHold", tag: "Credits", scope: "credits:write",
    summary: "Release a hold", description: "All of its credits return to the balance.",
    pathParams: idParam,
    responses: { 200: { description: "The released hold.", schema: credits.hold } },
    errors: [403, 404, 409],
  },
  // Billing
  {
    method: "get", path: "/api/v1/billing/status", operationId: "getBillingStatus", tag: "Billing", scope: "billing:read",
    summary: "Plan, status and usage (the seed contract)",
    description: "`{has_subscription, tier, status, usage, expires_at}` — `usage` is the headline metric — plus overage_amount_cents and usage_by_metric.",
    responses: { 200: { description: "The status.", schema: billing.billingStatus } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/billing/subscription", operationId: "getSubscription", tag: "Billing", scope: "billing:read",
    summary: "The subscription", description: "The organisation's subscription (null on the Free plan) and the plan in effect.",
    responses: { 200: { description: "The subscription.", schema: billing.subscriptionSummary } },
    errors: [403],
  },
  {
    method: "patch", path: "/api/v1/billing/subscription", operationId: "changePlan", tag: "Billing", scope: "billing:write",
    summary: "Change plan or interval", description: "Upgrades apply now (prorated, charged at once; a declined card changes nothing), downgrades at the period end.",
    body: billing.planChangeBody, idempotencyHeader: true,
    responses: { 200: { description: "The change and the subscription after it.", schema: billing.planChangeResult } },
    errors: [402, 403, 404, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/subscription/cancel", operationId: "cancelSubscription", tag: "Billing", scope: "billing:write",
    summary: "Cancel at the period end", body: billing.cancelBody,
    responses: { 200: { description: "Cancellation scheduled.", schema: billing.cancelResult } },
    errors: [403, 404, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/subscription/resume", operationId: "resumeSubscription", tag: "Billing", scope: "billing:write",
    summary: "Undo a scheduled cancellation",
    responses: { 200: { description: "The subscription, no longer cancelling.", schema: billing.subscriptionSummary } },
    errors: [403, 404, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/preview", operationId: "previewPlanChange", tag: "Billing", scope: "billing:read",
    summary: "Preview a plan change", description: "What it would cost now (proration) and when it takes effect. Pass proration_date to the change.",
    body: billing.previewBody,
    responses: { 200: { description: "The preview.", schema: billing.planChangePreview } },
    errors: [403, 404, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/checkout", operationId: "createCheckout", tag: "Billing", scope: "billing:write",
    summary: "Start a subscription checkout", description: "Redirect the customer to `url`.",
    body: billing.checkoutBody, idempotencyHeader: true,
    responses: { 201: { description: "The Checkout session.", schema: billing.checkoutSession } },
    errors: [403, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/credit-checkout", operationId: "createCreditCheckout", tag: "Billing", scope: "billing:write",
    summary: "Buy a credit pack", description: "A one-time Checkout session for a credit pack.",
    body: billing.packCheckoutBody, idempotencyHeader: true,
    responses: { 201: { description: "The Checkout session.", schema: billing.checkoutSession } },
    errors: [403, 409, 503],
  },
  {
    method: "post", path: "/api/v1/billing/portal", operationId: "createPortalSession", tag: "Billing", scope: "billing:write",
    summary: "Open the customer portal", body: billing.portalBody,
    responses: { 201: { description: "The portal session.", schema: billing.portalSession } },
    errors: [403, 404, 503],
  },
  {
    method: "post", path: "/api/v1/billing/discounts/validate", operationId: "validateDiscount", tag: "Billing", scope: "billing:read",
    summary: "Check a discount code", description: "Optionally for a plan: `{valid: true, …}` or `{valid: false, reason}`.",
    body: billing.discountBody,
    responses: { 200: { description: "Whether the code applies.", schema: billing.discountCheck } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/billing/invoices", operationId: "listInvoices", tag: "Billing", scope: "billing:read",
    summary: "List invoices", description: "Newest first, paginated with `cursor` = the previous page's next_cursor.",
    query: billing.invoicesQuery,
    responses: { 200: { description: "A page of invoices.", schema: billing.invoiceList } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/billing/payment-methods", operationId: "listPaymentMethods", tag: "Billing", scope: "billing:read",
    summary: "List cards", responses: { 200: { description: "The organisation's cards.", schema: billing.paymentMethodList } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/billing/spend-cap", operationId: "getSpendCap", tag: "Billing", scope: "billing:read",
    summary: "The spend cap", description: "Maximum overage per period in cents (null = none).",
    responses: { 200: { description: "The cap.", schema: billing.spendCapBody } },
    errors: [403],
  },
  {
    method: "put", path: "/api/v1/billing/spend-cap", operationId: "setSpendCap", tag: "Billing", scope: "billing:write",
    summary: "Set or clear the spend cap", description: "Past it, metered calls are refused with 429 (reason spend_cap_reached).",
    body: billing.spendCapBody,
    responses: { 200: { description: "The new cap.", schema: billing.spendCapBody } },
    errors: [403],
  },
  // Account
  {
    method: "get", path: "/api/v1/me", operationId: "getMe", tag: "Account", scope: null,
    summary: "The key's organisation", description: "Any valid key may call it: use it to test a key.",
    responses: { 200: { description: "The organisation.", schema: misc.me } },
  },
  // Outbound webhooks (Standard Webhooks signatures; docs/ARCHITECTURE.md)
  {
    method: "get", path: "/api/v1/webhook-endpoints", operationId: "listWebhookEndpoints", tag: "Webhooks", scope: "billing:read",
    summary: "List webhook endpoints",
    responses: { 200: { description: "The organisation's endpoints (without their secrets), newest first.", schema: webhooks.webhookEndpointList } },
  },
  {
    method: "post", path: "/api/v1/webhook-endpoints", operationId: "createWebhookEndpoint", tag: "Webhooks", scope: "billing:write",
    summary: "Add a webhook endpoint",
    description: "Events are POSTed at least once, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with backoff for about 3 days; not ordered (dedupe on `webhook-id`, order by `occurred_at`). The signing secret is returned only here.",
    body: webhooks.webhookEndpointCreateBody,
    responses: { 201: { description: "The endpoint and its signing secret (shown once).", schema: webhooks.webhookEndpointCreated } },
    errors: [403],
  },
  {
    method: "patch", path: "/api/v1/webhook-endpoints/{id}", operationId: "updateWebhookEndpoint", tag: "Webhooks", scope: "billing:write",
    summary: "Change a webhook endpoint", description: "Its URL, event types, or `enabled` (a disabled endpoint gets no new deliveries).",
    pathParams: webhooks.webhookEndpointIdParam, body: webhooks.webhookEndpointUpdateBody,
    responses: { 200: { description: "The endpoint.", schema: webhooks.webhookEndpoint } },
    errors: [403, 404],
  },
  {
    method: "delete", path: "/api/v1/webhook-endpoints/{id}", operationId: "deleteWebhookEndpoint", tag: "Webhooks", scope: "billing:write",
    summary: "Delete a webhook endpoint", description: "It receives nothing more; its delivery log is deleted.",
    pathParams: webhooks.webhookEndpointIdParam,
    responses: { 200: { description: "Deleted.", schema: webhooks.webhookEndpointDeleted } },
    errors: [403, 404],
  },
  {
    method: "post", path: "/api/v1/webhook-endpoints/{id}/rotate-secret", operationId: "rotateWebhookSecret", tag: "Webhooks", scope: "billing:write",
    summary: "Rotate an endpoint's signing secret",
    description: "A new secret, returned only here. For 24 h (`rotation_ends_at`) the previous secret keeps signing alongside it: `webhook-signature` carries both `v1,` signatures, so receivers switch without a gap.",
    pathParams: webhooks.webhookEndpointIdParam,
    responses: { 200: { description: "The endpoint and its new signing secret (shown once).", schema: webhooks.webhookEndpointSecretRotated } },
    errors: [403, 404],
  },
  {
    method: "post", path: "/api/v1/webhook-endpoints/{id}/test", operationId: "sendTestWebhook", tag: "Webhooks", scope: "billing:write",
    summary: "Send a test event",
    description: "Queues a `webhook.test` event to the endpoint now (signed and retried like any event; see the delivery log).",
    pathParams: webhooks.webhookEndpointIdParam,
    responses: { 202: { description: "Queued.", schema: webhooks.webhookTestSent } },
    errors: [403, 404],
  },
  {
    method: "get", path: "/api/v1/webhook-endpoints/{id}/deliveries", operationId: "listWebhookDeliveries", tag: "Webhooks", scope: "billing:read",
    summary: "List an endpoint's deliveries",
    description: "The delivery log, newest first, paginated with `cursor` = the previous page's next_cursor.",
    pathParams: webhooks.webhookEndpointIdParam, query: webhooks.webhookDeliveriesQuery,
    responses: { 200: { description: "A page of deliveries.", schema: webhooks.webhookDeliveryList } },
    errors: [403, 404],
  },
  {
    method: "post", path: "/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", operationId: "resendWebhookDelivery", tag: "Webhooks", scope: "billing:write",
    summary: "Re-send a delivery",
    description: "Sends it again now whatever its status (also a succeeded or dead one), with a fresh attempt count. One in flight right now is left alone (`resent: false`).",
    pathParams: webhooks.webhookDeliveryParams,
    responses: { 202: { description: "Queued again (or in flight).", schema: webhooks.webhookDeliveryResent } },
    errors: [403, 404],
  },
  // Demo metered endpoints (withUsage: usage:write, counted before the handler, refunded on 5xx)
  {
    method: "get", path: "/api/v1/signals", operationId: "getSignals", tag: "Demo (metered)", scope: "usage:write",
    metered: { metric: "api_calls", cost: cost("/signals", 1) },
    summary: "Today's signals (demo)",
    responses: { 200: { description: "Signals.", schema: misc.signals } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/signals/history/{symbol}", operationId: "getSignalHistory", tag: "Demo (metered)", scope: "usage:write",
    metered: { metric: "api_calls", cost: cost("/signals/history/{symbol}", 2) },
    summary: "30 days of closes for a symbol (demo)", pathParams: misc.historyParams,
    responses: { 200: { description: "The history.", schema: misc.history } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/export/csv", operationId: "exportCsv", tag: "Demo (metered)", scope: "usage:write",
    metered: { metric: "api_calls", cost: cost("/export/csv", 3), feature: "advanced_exports" },
    summary: "CSV export (demo)", responses: { 200: { description: "A CSV file.", mediaType: "text/csv" } },
    errors: [403],
  },
  {
    method: "get", path: "/api/v1/export/pdf", operationId: "exportPdf", tag: "Demo (metered)", scope: "usage:write",
    metered: { metric: "api_calls", cost: cost("/export/pdf", 5), feature: "advanced_exports" },
    summary: "PDF export (demo)", responses: { 200: { description: "A PDF file.", mediaType: "application/pdf" } },
    errors: [403],
  },
  // The description itself
  {
    method: "get", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", tag: "Meta", scope: "public",
    summary: "This API description (OpenAPI 3.1)", description: "No key needed. The same document renders at /docs/api.",
    responses: { 200: { description: "The OpenAPI document.", schema: z.record(z.string(), z.unknown()) } },
  },
];

export { errorBody };

/** The error statuses an operation documents: every keyed route can answer 400 (input, Billing-Version), 401, 429 (rate limit) and 500; a scoped one 403. */
export function errorStatuses(op: Operation): number[] {
  if (op.scope === "public") return [];
  return [...new Set([400, 401, 429, 500, ...(op.scope ? [403] : []), ...(op.errors ?? [])])].sort((a, b) => a - b);
}

/** The operation answering `method path` (a concrete path such as /api/v1/credits/holds/h_1/commit), if any. */
export function findOperation(method: string, pathname: string): Operation | undefined {
  const m = method.toLowerCase();
  return API_OPERATIONS.find((op) => op.method === m && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}$`).test(pathname));
}
