import "server-only";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { now } from "@/lib/clock";
import { badRequest, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { isCountry } from "./countries";
import { completeStep, loadSession } from "./session";
import { ensureSession } from "./start-onboarding";

export type BillingDetails = { companyName: string; billingEmail: string; country: string };

/**
 * Step 2: create the organisation's Stripe customer (metadata.org_id = the org) or update it when it
 * exists, and store the details and `organizations.stripe_customer_id`. The create carries a stable
 * idempotency key per organisation, so a double submit creates one customer.
 */
export async function saveBillingDetails(input: BillingDetails & { orgId: string; actor: Actor }) {
  const country = input.country.toUpperCase();
  if (!isCountry(country)) throw badRequest("Choose a country from the list.", { fields: [{ field: "country", message: "unknown country" }] }, "invalid_country");
  const details = { name: input.companyName.trim(), email: input.billingEmail.trim().toLowerCase(), address: { country } };
  const [org] = await withOrg(input.orgId, (tx) => tx.select().from(organizations).where(eq(organizations.id, input.orgId)));
  if (!org) throw notFound("organisation");
  let customerId = org.stripeCustomerId;
  if (customerId) {
    const id = customerId;
    await callStripe("customers.update", (s, o) => s.customers.update(id, details, o), {
      idempotencyKey: `${input.orgId}:${JSON.stringify(details)}`,
    });
  } else {
    const customer = await callStripe(
      "customers.create",
      (s, o) => s.customers.create({ ...details, metadata: { org_id: input.orgId } }, o),
      { idempotencyKey: `${input.orgId}:onboarding-customer` },
    );
    customerId = customer.id;
  }
  await ensureSession(input.orgId, null);
  return withOrg(input.orgId, async (tx) => {
    const after = { stripeCustomerId: customerId, companyName: details.name, billingEmail: details.email, country, updatedAt: now() };
    await tx.update(organizations).set(after).where(eq(organizations.id, input.orgId));
    await writeAudit(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "organization.billing_details_updated",
      target: input.orgId,
      before: { stripe_customer_id: org.stripeCustomerId, company_name: org.companyName, billing_email: org.billingEmail, country: org.country },
      after: { stripe_customer_id: customerId, company_name: details.name, billing_email: details.email, country },
    });
    const session = (await loadSession(input.orgId, tx))!;
    return { customerId: customerId!, session: await completeStep(tx, session, "customer") };
  });
}
