import "server-only";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { callStripe } from "@/lib/stripe/call-stripe";
import { appUrl } from "./checkout-urls";
import { ensureStripeCustomer } from "./org-billing";

/** A Stripe Customer Portal session for the organisation's customer; returns its URL. */
export async function createPortalSession(input: { orgId: string; returnUrl?: string; actor: Actor }): Promise<{ url: string }> {
  const customer = await ensureStripeCustomer(input.orgId, input.actor);
  const session = await callStripe("billingPortal.sessions.create", (s, o) =>
    s.billingPortal.sessions.create({ customer, return_url: appUrl("/billing", input.returnUrl) }, o),
  );
  await record(db, { actor: input.actor, orgId: input.orgId, action: "portal.opened", target: session.id, after: { customer } });
  return { url: session.url };
}
