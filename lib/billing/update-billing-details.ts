import "server-only";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { isCountry } from "@/lib/onboarding/countries";
import { callStripe } from "@/lib/stripe/call-stripe";

export type BillingDetails = { companyName: string; billingEmail: string; country: string };

/**
 * The organisation's billing details (company name, billing email, country) — asked in the wizard,
 * editable later in settings by owners and admins — stored on the organisation and synced to its Stripe
 * customer (name, email, address.country: what Stripe prints on invoices). Creates the customer
 * (metadata.org_id; one per organisation: stable idempotency key) when there is none yet. Audited.
 */
export async function updateBillingDetails(input: BillingDetails & { orgId: string; actor: Actor }): Promise<{ customerId: string } & BillingDetails> {
  const country = input.country.trim().toUpperCase();
  if (!isCountry(country)) throw badRequest("Choose a country from the list.", { fields: [{ field: "country", message: "unknown country" }] }, "invalid_country");
  const details = { name: input.companyName.trim(), email: input.billingEmail.trim().toLowerCase(), address: { country } };
  const [org] = await withOrg(input.orgId, (tx) => tx.select().from(organizations).where(eq(organizations.id, input.orgId)));
  if (!org) throw notFound("organisation");
  let customerId = org.stripeCustomerId;
  if (customerId) {
    const id = customerId;
    await callStripe("customers.update", (s, o) => s.customers.update(id, details, o), { idempotencyKey: `${input.orgId}:${JSON.stringify(details)}` });
  } else {
    const customer = await callStripe("customers.create", (s, o) => s.customers.create({ ...details, metadata: { org_id: input.orgId } }, o), {
      idempotencyKey: `${input.orgId}:onboarding-customer`,
    });
    customerId = customer.id;
  }
  await withOrg(input.orgId, async (tx) => {
    await tx.update(organizations).set({ stripeCustomerId: customerId, companyName: details.name, billingEmail: details.email, country, updatedAt: now() }).where(eq(organizations.id, input.orgId));
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "organization.billing_details_updated",
      target: input.orgId,
      before: { stripe_customer_id: org.stripeCustomerId, company_name: org.companyName, billing_email: org.billingEmail, country: org.country },
      after: { stripe_customer_id: customerId, company_name: details.name, billing_email: details.email, country },
    });
  });
  return { customerId: customerId!, companyName: details.name, billingEmail: details.email, country };
}
