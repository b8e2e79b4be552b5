import "server-only";
import type Stripe from "stripe";
import { notifyTrialEnding } from "@/lib/billing/billing-notices";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `customer.subscription.trial_will_end` (3 days before): re-sync, and tell the organisation once per
 * trial — only if the synced subscription is still trialing (the event may land after the conversion).
 */
export const onCustomerSubscriptionTrialWillEnd: WebhookHandler = async (event, ctx) => {
  const sub = event.data.object as Stripe.Subscription;
  const synced = await syncCustomerOfEvent(event, ctx);
  if (!synced?.orgId) return noteFor(synced);
  const sent = await notifyTrialEnding(synced.orgId, sub.id, ctx.actor);
  return sent ? {} : { note: "no trial-ending notice: not trialing any more, or already told" };
};
