import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `payment_intent.payment_failed`: re-sync the customer's mirror from Stripe. */
export const onPaymentIntentPaymentFailed: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
