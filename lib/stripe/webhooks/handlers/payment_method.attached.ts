import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `payment_method.attached`: re-sync the customer's payment methods. */
export const onPaymentMethodAttached: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
