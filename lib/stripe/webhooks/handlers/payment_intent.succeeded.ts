import "server-only";
import type Stripe from "stripe";
import { grantPackOfPayment } from "@/lib/billing/confirm-pack-purchase";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `payment_intent.succeeded`: re-sync the customer's mirror from Stripe; a credit pack paid with a saved
 * card (metadata.source = saved_card) is granted once (the same key the purchase itself uses).
 */
export const onPaymentIntentSucceeded: WebhookHandler = async (event, ctx) => {
  const synced = await syncCustomerOfEvent(event, ctx);
  const grant = await grantPackOfPayment(event.data.object as Stripe.PaymentIntent, ctx.actor);
  return grant ? { note: grant.duplicate ? "pack already granted" : "pack granted" } : noteFor(synced);
};
