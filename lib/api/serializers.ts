import type { z } from "zod";
import type { getSubscriptionSummary } from "@/lib/billing/get-subscription-summary";
import type { InvoiceView } from "@/lib/billing/list-invoices";
import type { PaymentMethodView } from "@/lib/billing/payment-methods";
import type { PlanChangePreview } from "@/lib/billing/preview-plan-change";
import type { DiscountCheck } from "@/lib/billing/validate-discount";
import type { DiscountMirror } from "@/lib/billing/stripe-mirror-map";
import type { ConsumeResult } from "@/lib/credits/consume-credits";
import type { QuotaResult } from "@/lib/usage/check-quota";
import type * as billing from "./schemas/billing";
import type * as credits from "./schemas/credits";
import type * as usage from "./schemas/usage";
import type * as webhooks from "./schemas/webhooks";
import type { DeliveryView } from "@/lib/webhooks-out/deliveries";
import type { WebhookEndpoint } from "@/lib/webhooks-out/endpoints";

/**
 * One serializer per resource: lib functions return domain objects (camelCase, Dates), these map them
 * to the /api/v1 wire format (snake_case, ISO strings) that lib/api/schemas describes. The return types
 * are the schemas' output types, so a field the document lists and a serializer forgets fails tsc.
 */
type Out<T extends z.ZodType> = z.output<T>;
type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" ? v : null);

export type SubscriptionSummary = Awaited<ReturnType<typeof getSubscriptionSummary>>;

type WireDiscount = NonNullable<NonNullable<Out<typeof billing.subscriptionSummary>["subscription"]>["discount"]>[number];

function discountToWire(d: Partial<DiscountMirror>): WireDiscount {
  return { id: d.id ?? null, coupon: d.coupon ?? null, promotion_code: d.promotionCode ?? null, percent_off: d.percentOff ?? null, amount_off_cents: d.amountOffCents ?? null, duration: d.duration ?? null, end: d.end ?? null };
}

export function serializeSubscriptionSummary(s: SubscriptionSummary): Out<typeof billing.subscriptionSummary> {
  const sub = s.subscription;
  const pending = sub?.pendingChange as Loose | null | undefined;
  return {
    effective_plan: { key: s.effectivePlan.key, name: s.effectivePlan.name, restricted: s.effectivePlan.restricted },
    subscription: sub
      ? {
          id: sub.id,
          status: sub.status,
          plan: { key: sub.plan.key, name: sub.plan.name },
          interval: sub.interval,
          amount_cents: sub.amountCents,
          currency: sub.currency,
          quantity: sub.quantity,
          current_period_start: sub.currentPeriodStart,
          current_period_end: sub.currentPeriodEnd,
          trial_end: sub.trialEnd,
          cancel_at_period_end: sub.cancelAtPeriodEnd,
          cancel_at: sub.cancelAt,
          canceled_at: sub.canceledAt,
          past_due_since: sub.pastDueSince,
          discount: Array.isArray(sub.discount) ? (sub.discount as Partial<DiscountMirror>[]).map(discountToWire) : null,
          pending_change: pending
            ? { plan_key: String(pending.planKey), interval: String(pending.interval), effective_at: String(pending.effectiveAt), schedule_id: str(pending.scheduleId) }
            : null,
          latest_invoice_id: sub.latestInvoiceId ?? null,
        }
      : null,
  };
}

export const serializePlanChange = (out: { kind: string; effectiveAt: string }, s: SubscriptionSummary): Out<typeof billing.planChangeResult> => ({
  kind: out.kind,
  effective_at: out.effectiveAt,
  ...serializeSubscriptionSummary(s),
});

export const serializeCancel = (out: { effectiveAt: string }, s: SubscriptionSummary): Out<typeof billing.cancelResult> => ({
  effective_at: out.effectiveAt,
  ...serializeSubscriptionSummary(s),
});

export function serializePreview(p: PlanChangePreview): Out<typeof billing.planChangePreview> {
  return {
    kind: p.kind,
    from: { plan_key: p.from.planKey, interval: p.from.interval, amount_cents: p.from.amountCents },
    to: { plan_key: p.to.planKey, interval: p.to.interval, amount_cents: p.to.amountCents },
    proration_date: p.prorationDate,
    immediate_charge_cents: p.immediateChargeCents,
    credit_cents: p.creditCents,
    proration_charge_cents: p.prorationChargeCents,
    discount_cents: p.discountCents,
    then: { amount_cents: p.then.amountCents, discount_cents: p.then.discountCents, at: p.then.at },
    effective_at: p.effectiveAt,
    currency: p.currency,
    lines: p.lines.map((l) => ({ description: l.description, amount_cents: l.amountCents, proration: l.proration })),
  };
}

export function serializeDiscountCheck(d: DiscountCheck): Out<typeof billing.discountCheck> {
  if (!d.valid) return { valid: false, code: d.code, reason: d.reason };
  return {
    valid: true,
    code: d.code,
    promotion_code_id: d.promotionCodeId,
    coupon_id: d.couponId,
    name: d.name,
    percent_off: d.percentOff,
    amount_off_cents: d.amountOffCents,
    duration: d.duration,
    duration_in_months: d.durationInMonths,
  };
}

export function serializeInvoice(i: InvoiceView): Out<typeof billing.invoice> {
  const lines = Array.isArray(i.lines) ? (i.lines as Loose[]) : [];
  const discounts = Array.isArray(i.discounts) ? (i.discounts as Loose[]) : null;
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    subscription_id: i.subscriptionId,
    billing_reason: i.billingReason,
    currency: i.currency,
    amount_due_cents: i.amountDueCents,
    amount_paid_cents: i.amountPaidCents,
    subtotal_cents: i.subtotalCents,
    discount_cents: i.discountCents,
    total_cents: i.totalCents,
    period_start: i.periodStart,
    period_end: i.periodEnd,
    usage_period_start: i.usagePeriodStart,
    usage_period_end: i.usagePeriodEnd,
    created: i.created,
    paid_at: i.paidAt,
    hosted_invoice_url: i.hostedInvoiceUrl,
    invoice_pdf: i.invoicePdf,
    discounts: discounts && discounts.map((d) => ({ discount: str(d.discount), amount_cents: num(d.amountCents) ?? 0 })),
    lines: lines.map((l) => ({
      ...(typeof l.id === "string" ? { id: l.id } : {}),
      description: str(l.description),
      amount_cents: num(l.amountCents) ?? 0,
      price_id: str(l.priceId),
      quantity: num(l.quantity),
      proration: Boolean(l.proration),
      period_start: str(l.periodStart),
      period_end: str(l.periodEnd),
    })),
  };
}

export const serializeInvoiceList = (page: { data: InvoiceView[]; hasMore: boolean; nextCursor: string | null; total: number }): Out<typeof billing.invoiceList> => ({
  data: page.data.map(serializeInvoice),
  has_more: page.hasMore,
  next_cursor: page.nextCursor,
  total: page.total,
});

export const serializePaymentMethod = (pm: PaymentMethodView): Out<typeof billing.paymentMethod> => ({
  id: pm.id,
  type: pm.type,
  brand: pm.brand,
  last4: pm.last4,
  exp_month: pm.expMonth,
  exp_year: pm.expYear,
  is_default: pm.isDefault,
});

export const serializeConsume = (r: ConsumeResult): Out<typeof credits.consumeResult> => ({
  transaction_id: r.transaction_id,
  consumed: r.consumed,
  balance: r.balance,
  allocations: r.allocations.map((a) => ({ grant_id: a.grantId, amount: a.amount })),
  duplicate: r.duplicate,
});

/** The quota answer without its internal counter period. */
export function serializeCheck(q: QuotaResult): Out<typeof usage.checkResult> {
  const { period_start: _internal, ...wire } = q;
  return wire;
}

export function webhookEndpointToWire(e: WebhookEndpoint): Out<typeof webhooks.webhookEndpoint> {
  return {
    id: e.id,
    url: e.url,
    event_types: e.eventTypes,
    enabled: e.enabled,
    rotation_ends_at: e.rotationEndsAt ? e.rotationEndsAt.toISOString() : null,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function webhookDeliveryToWire(d: DeliveryView): Out<typeof webhooks.webhookDelivery> {
  const iso = (x: Date | null) => (x ? x.toISOString() : null);
  return {
    id: d.id,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status as Out<typeof webhooks.webhookDelivery>["status"],
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" || d.status === "failed" ? iso(d.nextAttemptAt) : null,
    last_attempt_at: iso(d.lastAttemptAt),
    last_status_code: d.lastStatusCode,
    duration_ms: d.durationMs,
    last_error: d.lastError,
    response_excerpt: d.responseExcerpt,
    created_at: d.createdAt.toISOString(),
  };
}

export const webhookDeliveryListToWire = (page: { data: DeliveryView[]; hasMore: boolean; nextCursor: string | null }): Out<typeof webhooks.webhookDeliveryList> => ({
  data: page.data.map(webhookDeliveryToWire),
  has_more: page.hasMore,
  next_cursor: page.nextCursor,
});
