import "server-only";
import type Stripe from "stripe";
import { record } from "@/lib/events/record";
import { db } from "@/db";
import { callStripe } from "@/lib/stripe/call-stripe";
import { stripeIdOf } from "@/lib/billing/stripe-mirror-map";
import { raiseAdminAlert } from "@/lib/analytics/raise-admin-alert";
import type { WebhookHandler } from "../types";
import { noteFor, syncCustomerOfEvent } from "./sync-customer-of-event";

/**
 * `charge.dispute.created`: find the charge's customer, re-sync it, record the dispute in the audit log
 * and raise an admin alert (the admin console's health page lists it; a dispute needs a response).
 */
export const onChargeDisputeCreated: WebhookHandler = async (event, ctx) => {
  const dispute = event.data.object as Stripe.Dispute;
  const chargeId = stripeIdOf(dispute.charge);
  let customerId: string | null = null;
  if (dispute.charge && typeof dispute.charge === "object") customerId = stripeIdOf((dispute.charge as Stripe.Charge).customer);
  if (!customerId && chargeId) {
    const charge = await callStripe("charges.retrieve", (s, o) => s.charges.retrieve(chargeId, {}, o));
    customerId = stripeIdOf(charge.customer);
  }
  const synced = await syncCustomerOfEvent(event, ctx, customerId);
  await raiseAdminAlert({
    kind: "charge_disputed",
    orgId: synced?.orgId ?? null,
    title: `Charge disputed (${dispute.reason}): ${(dispute.amount / 100).toFixed(2)} ${dispute.currency.toUpperCase()} — respond in Stripe`,
    details: { dispute: dispute.id, charge: chargeId, customer: customerId, amountCents: dispute.amount, currency: dispute.currency, reason: dispute.reason, status: dispute.status },
    dedupeKey: `dispute:${dispute.id}`,
  });
  if (synced?.orgId) {
    await record(db, {
      actor: ctx.actor,
      orgId: synced.orgId,
      action: "charge.disputed",
      target: dispute.id,
      after: { charge: chargeId, amountCents: dispute.amount, currency: dispute.currency, reason: dispute.reason, status: dispute.status },
    });
  }
  return noteFor(synced);
};
