import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `charge.succeeded`: re-sync the customer's mirror from Stripe. */
export const onChargeSucceeded: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
