import type { WebhookHandler } from "../types";
import { onChargeDisputeCreated } from "./charge.dispute.created";
import { onChargeFailed } from "./charge.failed";
import { onChargeSucceeded } from "./charge.succeeded";
import { onCheckoutSessionCompleted } from "./checkout.session.completed";
import { onCustomerCreated } from "./customer.created";
import { onCustomerDeleted } from "./customer.deleted";
import { onCustomerSubscriptionCreated } from "./customer.subscription.created";
import { onCustomerSubscriptionDeleted } from "./customer.subscription.deleted";
import { onCustomerSubscriptionTrialWillEnd } from "./customer.subscription.trial_will_end";
import { onCustomerSubscriptionUpdated } from "./customer.subscription.updated";
import { onCustomerUpdated } from "./customer.updated";
import { onInvoiceCreated } from "./invoice.created";
import { onInvoiceFinalized } from "./invoice.finalized";
import { onInvoicePaid } from "./invoice.paid";
import { onInvoicePaymentFailed } from "./invoice.payment_failed";
import { onPaymentIntentPaymentFailed } from "./payment_intent.payment_failed";
import { onPaymentIntentSucceeded } from "./payment_intent.succeeded";
import { onPaymentMethodAttached } from "./payment_method.attached";
import { onPaymentMethodDetached } from "./payment_method.detached";

/** `eventType → handler`: one file per event type. Unknown types are stored and acknowledged. */
export const handlers: Record<string, WebhookHandler> = {
  "charge.dispute.created": onChargeDisputeCreated,
  "charge.failed": onChargeFailed,
  "charge.succeeded": onChargeSucceeded,
  "checkout.session.completed": onCheckoutSessionCompleted,
  "customer.created": onCustomerCreated,
  "customer.deleted": onCustomerDeleted,
  "customer.subscription.created": onCustomerSubscriptionCreated,
  "customer.subscription.deleted": onCustomerSubscriptionDeleted,
  "customer.subscription.trial_will_end": onCustomerSubscriptionTrialWillEnd,
  "customer.subscription.updated": onCustomerSubscriptionUpdated,
  "customer.updated": onCustomerUpdated,
  "invoice.created": onInvoiceCreated,
  "invoice.finalized": onInvoiceFinalized,
  "invoice.paid": onInvoicePaid,
  "invoice.payment_failed": onInvoicePaymentFailed,
  "payment_intent.payment_failed": onPaymentIntentPaymentFailed,
  "payment_intent.succeeded": onPaymentIntentSucceeded,
  "payment_method.attached": onPaymentMethodAttached,
  "payment_method.detached": onPaymentMethodDetached,
};
