import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `payment_intent.succeeded`: re-sync the customer's mirror from Stripe. */
export const onPaymentIntentSucceeded: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
