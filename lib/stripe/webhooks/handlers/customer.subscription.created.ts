import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `customer.subscription.created`: re-sync the customer's mirror from Stripe. */
export const onCustomerSubscriptionCreated: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
