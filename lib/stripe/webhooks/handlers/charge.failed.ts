import "server-only";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `charge.failed`: re-sync the customer's mirror from Stripe. */
export const onChargeFailed: WebhookHandler = async (event, ctx) => noteFor(await syncCustomerOfEvent(event, ctx));
