import { z } from "zod";
import { isoDateTime, nullableDateTime } from "./common";

/** Requests and responses of the billing API (app/api/v1/billing/**): snake_case on the wire. */
const planKey = z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a plan key such as pro").meta({ description: "A plan key from the catalog, e.g. pro.", example: "pro" });
const interval = z.enum(["month", "year"], { message: "expected month or year" });
const url = z.string().max(2000).optional().meta({ description: "A path or URL on this app (others are refused with 400 invalid_return_url)." });

export const checkoutBody = z
  .object({ plan: planKey, interval: interval.default("month"), promotion_code: z.string().max(40).optional(), success_url: url, cancel_url: url })
  .strict()
  .meta({ id: "CheckoutRequest" });
export const portalBody = z.object({ return_url: url }).strict().meta({ id: "PortalRequest" });
export const planChangeBody = z
  .object({ plan: planKey, interval, proration_date: z.number().int().positive().optional().meta({ description: "Unix seconds from a preview, so the charge matches what was shown." }) })
  .strict()
  .meta({ id: "PlanChangeRequest" });
export const previewBody = z.object({ plan: planKey, interval }).strict().meta({ id: "PlanChangePreviewRequest" });
export const cancelBody = z.object({ reason: z.string().max(500).optional() }).strict().meta({ id: "CancelRequest" });
export const discountBody = z.object({ code: z.string().min(1).max(40), plan: planKey.optional() }).strict().meta({ id: "DiscountCheckRequest" });
export const packCheckoutBody = z
  .object({ pack: z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a pack key such as pack_1000"), success_url: url, cancel_url: url, save_card: z.boolean().optional() })
  .strict()
  .meta({ id: "CreditCheckoutRequest" });
export const invoicesQuery = z.object({
  limit: z.coerce.number({ message: "expected a number" }).int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: "next_cursor of the previous page." }),
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).optional(),
});
export const spendCapBody = z
  .object({ spend_cap_cents: z.number().int("expected integer cents").min(0, "cannot be negative").max(100_000_000).nullable().meta({ description: "Maximum overage per period in cents; null removes the cap." }) })
  .meta({ id: "SpendCap" });

// Responses.
export const checkoutSession = z.object({ id: z.string(), url: z.string().meta({ description: "Redirect the customer here." }) }).strict().meta({ id: "CheckoutSession" });
export const portalSession = z.object({ url: z.string() }).strict().meta({ id: "PortalSession" });

const discountMirror = z
  .object({
    id: z.string().nullable(),
    coupon: z.string().nullable(),
    promotion_code: z.string().nullable(),
    percent_off: z.number().nullable(),
    amount_off_cents: z.number().int().nullable(),
    duration: z.string().nullable(),
    end: nullableDateTime,
  })
  .strict()
  .meta({ id: "Discount" });

export const subscriptionSummary = z
  .object({
    effective_plan: z.object({ key: z.string(), name: z.string(), restricted: z.boolean().meta({ description: "True when an unpaid subscription's grace period is over: the Free plan's limits apply." }) }).strict(),
    subscription: z
      .object({
        id: z.string(),
        status: z.string().meta({ example: "active" }),
        plan: z.object({ key: z.string(), name: z.string() }).strict(),
        interval: z.string(),
        amount_cents: z.number().int(),
        currency: z.string(),
        quantity: z.number().int(),
        current_period_start: nullableDateTime,
        current_period_end: nullableDateTime,
        trial_end: nullableDateTime,
        cancel_at_period_end: z.boolean(),
        cancel_at: nullableDateTime,
        canceled_at: nullableDateTime,
        past_due_since: nullableDateTime,
        discount: z.array(discountMirror).nullable(),
        pending_change: z
          .object({ plan_key: z.string(), interval: z.string(), effective_at: isoDateTime, schedule_id: z.string().nullable() })
          .strict()
          .nullable()
          .meta({ description: "A downgrade scheduled for the period end." }),
        latest_invoice_id: z.string().nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .meta({ id: "SubscriptionSummary" });

export const planChangeResult = subscriptionSummary
  .extend({ kind: z.string().meta({ description: "upgrade, downgrade, interval change…" }), effective_at: isoDateTime })
  .meta({ id: "PlanChangeResult" });
export const cancelResult = subscriptionSummary.extend({ effective_at: isoDateTime }).meta({ id: "CancelResult" });

const money = z.number().int();
export const planChangePreview = z
  .object({
    kind: z.string(),
    from: z.object({ plan_key: z.string(), interval: z.string(), amount_cents: money }).strict(),
    to: z.object({ plan_key: z.string(), interval: z.string(), amount_cents: money }).strict(),
    proration_date: z.number().int().meta({ description: "Send it back with the change so the charge matches." }),
    immediate_charge_cents: money,
    credit_cents: money,
    proration_charge_cents: money,
    discount_cents: money,
    then: z.object({ amount_cents: money, discount_cents: money, at: isoDateTime }).strict(),
    effective_at: isoDateTime,
    currency: z.string(),
    lines: z.array(z.object({ description: z.string().nullable(), amount_cents: money, proration: z.boolean() }).strict()),
  })
  .strict()
  .meta({ id: "PlanChangePreview" });

export const discountCheck = z
  .union([
    z
      .object({
        valid: z.literal(true),
        code: z.string(),
        promotion_code_id: z.string().nullable(),
        coupon_id: z.string().nullable(),
        name: z.string(),
        percent_off: z.number().nullable(),
        amount_off_cents: z.number().int().nullable(),
        duration: z.string(),
        duration_in_months: z.number().int().nullable(),
      })
      .strict(),
    z.object({ valid: z.literal(false), code: z.string(), reason: z.string() }).strict(),
  ])
  .meta({ id: "DiscountCheck" });

const invoiceLine = z
  .object({
    id: z.string().optional(),
    description: z.string().nullable(),
    amount_cents: money,
    price_id: z.string().nullable().optional(),
    quantity: z.number().int().nullable().optional(),
    proration: z.boolean(),
    period_start: nullableDateTime.optional(),
    period_end: nullableDateTime.optional(),
  })
  .strict();
export const invoice = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.string(),
    subscription_id: z.string().nullable(),
    billing_reason: z.string().nullable(),
    currency: z.string(),
    amount_due_cents: money,
    amount_paid_cents: money,
    subtotal_cents: money,
    discount_cents: money,
    total_cents: money,
    period_start: nullableDateTime,
    period_end: nullableDateTime,
    usage_period_start: nullableDateTime.meta({ description: "The usage (overage) period billed, when it differs from the subscription period." }),
    usage_period_end: nullableDateTime,
    created: isoDateTime,
    paid_at: nullableDateTime,
    hosted_invoice_url: z.string().nullable(),
    invoice_pdf: z.string().nullable(),
    discounts: z.array(z.object({ discount: z.string().nullable(), amount_cents: money }).strict()).nullable(),
    lines: z.array(invoiceLine),
  })
  .strict()
  .meta({ id: "Invoice" });
export const invoiceList = z
  .object({ data: z.array(invoice), has_more: z.boolean(), next_cursor: z.string().nullable(), total: z.number().int() })
  .strict()
  .meta({ id: "InvoiceList" });

export const paymentMethod = z
  .object({ id: z.string(), type: z.string(), brand: z.string().nullable(), last4: z.string().nullable(), exp_month: z.number().int().nullable(), exp_year: z.number().int().nullable(), is_default: z.boolean() })
  .strict()
  .meta({ id: "PaymentMethod" });
export const paymentMethodList = z.object({ data: z.array(paymentMethod) }).strict().meta({ id: "PaymentMethodList" });

const metricUsage = z.object({
  current: z.number(),
  included: z.number().nullable(),
  remaining: z.number().nullable(),
  usage_percentage: z.number().nullable(),
  overage: z.number(),
});
/** The seed contract of GET /api/v1/billing/status: these keys exactly. */
export const billingStatus = z
  .object({
    has_subscription: z.boolean(),
    tier: z.string().meta({ description: "The effective plan's key.", example: "pro" }),
    status: z.string().meta({ description: "The subscription's status, or free.", example: "active" }),
    usage: metricUsage.strict().meta({ description: "The headline metric." }),
    expires_at: isoDateTime,
    overage_amount_cents: money,
    usage_by_metric: z.record(z.string(), metricUsage.extend({ overage_amount_cents: money }).strict()),
  })
  .strict()
  .meta({ id: "BillingStatus" });
