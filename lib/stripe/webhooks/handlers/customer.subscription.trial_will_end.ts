import "server-only";
import type Stripe from "stripe";
import { getPlan } from "@/lib/billing/catalog";
import { notify } from "@/lib/notifications/notify";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/** `customer.subscription.trial_will_end` (3 days before): re-sync, and tell the organisation once per trial. */
export const onCustomerSubscriptionTrialWillEnd: WebhookHandler = async (event, ctx) => {
  const sub = event.data.object as Stripe.Subscription;
  const synced = await syncCustomerOfEvent(event, ctx);
  if (!synced?.orgId) return noteFor(synced);
  const ends = sub.trial_end ? new Date(sub.trial_end * 1000) : null;
  const planKey = sub.metadata?.plan_key;
  const planName = (planKey && getPlan(planKey)?.name) || "your plan";
  await notify({
    orgId: synced.orgId,
    kind: "trial_ending",
    title: "Your trial ends soon",
    body: `Your ${planName} trial ends${ends ? ` on ${ends.toISOString().slice(0, 10)}` : " soon"}. Add a payment method to keep your plan.`,
    dedupeKey: `trial_will_end:${sub.id}:${sub.trial_end ?? 0}`,
    email: true,
  });
  return {};
};
