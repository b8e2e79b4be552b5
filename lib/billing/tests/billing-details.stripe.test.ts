import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { updateBillingDetails } from "@/lib/billing/update-billing-details";
import { getStripe } from "@/lib/stripe/client";
import { lifecycleOrg } from "./lifecycle-helpers";

/**
 * Issue 13 item 9 (part): the billing details asked in the wizard can be edited later, and the Stripe
 * customer (what invoices print) follows: name, email, address.country.
 */
const actor = { type: "user" as const, id: "user_billing_details" };

describe("billing details", () => {
  it("an edit reaches the organisation and its Stripe customer; a bad country changes nothing", async () => {
    const { orgId, customerId } = await lifecycleOrg("Details Ltd", actor);
    await updateBillingDetails({ orgId, companyName: "  Details Holdings plc ", billingEmail: "Accounts@Details.test", country: "gb", actor });
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({ companyName: "Details Holdings plc", billingEmail: "accounts@details.test", country: "GB", stripeCustomerId: customerId });
    const customer = await getStripe().customers.retrieve(customerId);
    expect(customer).toMatchObject({ name: "Details Holdings plc", email: "accounts@details.test", address: { country: "GB" } });
    await expect(updateBillingDetails({ orgId, companyName: "X", billingEmail: "x@x.test", country: "XX", actor })).rejects.toMatchObject({ code: "invalid_country" });
    expect((await db.select().from(organizations).where(eq(organizations.id, orgId)))[0]).toMatchObject({ companyName: "Details Holdings plc" });
  });
});
