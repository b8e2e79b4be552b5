import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `customer.updated`: re-sync the customer's mirror from Stripe. */
export const onCustomerUpdated: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
