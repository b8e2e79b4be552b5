import "server-only";
import { stripeIdOf } from "@/lib/billing/stripe-mirror-map";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `payment_method.detached`: the object no longer names a customer; the previous one is in previous_attributes. */
export const onPaymentMethodDetached: WebhookHandler = async (event, ctx) => {
  const prev = (event.data.previous_attributes ?? {}) as { customer?: unknown };
  const customerId = stripeIdOf(prev.customer) ?? stripeIdOf((event.data.object as { customer?: unknown }).customer);
  return noteFor(await syncCustomerOfEvent(event, ctx, customerId));
};
