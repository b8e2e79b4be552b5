import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as invoicePdf } from "@/app/sandbox/invoices/[id]/pdf/route";
import { db } from "@/db";
import { auditLog, organizations } from "@/db/schema";
import { getBillingDetails } from "@/lib/billing/get-billing-details";
import { updateBillingDetails } from "@/lib/billing/update-billing-details";
import { getStripe } from "@/lib/stripe/client";
import { lifecycleOrg } from "./lifecycle-helpers";

/**
 * Issue 13 item 9: the billing details asked in the wizard can be edited later — company, billing email,
 * postal address, country and a tax ID — and the Stripe customer (what invoices print) follows: name,
 * email, address and its tax_ids. The invoice "PDF" link returns a PDF.
 */
const actor = { type: "user" as const, id: "user_billing_details" };
const address = { line1: "1 High Street", line2: null, city: "London", postalCode: "EC1A 1BB", state: null };

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

  it("address and tax ID: stored, on the Stripe customer, replaced and removed; a tax ID Stripe refuses changes nothing", async () => {
    const { orgId, customerId } = await lifecycleOrg("Tax Ltd", actor);
    const stripe = getStripe();
    const saved = await updateBillingDetails({ orgId, companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "GB", address, taxId: { type: "gb_vat", value: "gb 123 456 789" }, actor });
    expect(saved).toMatchObject({ address, taxId: { type: "gb_vat", value: "GB123456789" } });
    expect(await getBillingDetails(orgId)).toEqual({ companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "GB", address, taxId: { type: "gb_vat", value: "GB123456789" } });
    expect(await stripe.customers.retrieve(customerId)).toMatchObject({ address: { line1: "1 High Street", city: "London", postal_code: "EC1A 1BB", country: "GB" } });
    const taxIds = async () => (await stripe.customers.listTaxIds(customerId)).data.map((t) => [t.type, t.value]);
    expect(await taxIds()).toEqual([["gb_vat", "GB123456789"]]);

    // Saving the same details again does not add a second tax ID.
    await updateBillingDetails({ orgId, companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "GB", address, taxId: { type: "gb_vat", value: "GB123456789" }, actor });
    expect(await taxIds()).toEqual([["gb_vat", "GB123456789"]]);

    // Refused by Stripe: a field error, and the organisation and the customer keep the old tax ID.
    await expect(
      updateBillingDetails({ orgId, companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "GB", address, taxId: { type: "eu_vat", value: "nonsense" }, actor }),
    ).rejects.toMatchObject({ code: "invalid_tax_id", status: 400, details: { fields: [{ field: "taxIdValue" }] } });
    expect((await getBillingDetails(orgId)).taxId).toEqual({ type: "gb_vat", value: "GB123456789" });
    expect(await taxIds()).toEqual([["gb_vat", "GB123456789"]]);

    // Replaced, then removed (with the address).
    await updateBillingDetails({ orgId, companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "DE", address, taxId: { type: "eu_vat", value: "DE123456789" }, actor });
    expect(await taxIds()).toEqual([["eu_vat", "DE123456789"]]);
    await updateBillingDetails({ orgId, companyName: "Tax Ltd", billingEmail: "ap@tax.test", country: "DE", address: null, taxId: null, actor });
    expect(await taxIds()).toEqual([]);
    expect(await getBillingDetails(orgId)).toMatchObject({ address: null, taxId: null });
    expect((await stripe.customers.retrieve(customerId)) as { address: unknown }).toMatchObject({ address: { line1: null, city: null, country: "DE" } });

    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audits.filter((a) => a.action === "organization.billing_details_updated")).toHaveLength(4);
  });

  it("the next invoice prints the details, and its PDF link returns a PDF; an unknown invoice is a 404 in the error shape", async () => {
    const { orgId, customerId } = await lifecycleOrg("Invoice Print Ltd", actor);
    await updateBillingDetails({ orgId, companyName: "Invoice Print Ltd", billingEmail: "ap@print.test", country: "GB", address, taxId: { type: "gb_vat", value: "GB987654321" }, actor });
    const stripe = getStripe();
    const product = await stripe.products.create({ name: "Print plan" });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 2500, currency: "usd", recurring: { interval: "month" } });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customerId });
    const sub = await stripe.subscriptions.create({ customer: customerId, items: [{ price: price.id }], default_payment_method: pm.id, expand: ["latest_invoice"] });
    const inv = sub.latest_invoice as { id: string; invoice_pdf: string; customer_name: string; customer_tax_ids: unknown };
    expect(inv).toMatchObject({ customer_name: "Invoice Print Ltd", customer_tax_ids: [{ type: "gb_vat", value: "GB987654321" }] });

    const res = await invoicePdf(new NextRequest(inv.invoice_pdf), { params: Promise.resolve({ id: inv.id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");

    const missing = await invoicePdf(new NextRequest("http://localhost/sandbox/invoices/in_nope/pdf"), { params: Promise.resolve({ id: "in_nope" }) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    const bad = await invoicePdf(new NextRequest("http://localhost/sandbox/invoices/x/pdf"), { params: Promise.resolve({ id: "../../etc" }) });
    expect(bad.status).toBe(404);
  });
});
