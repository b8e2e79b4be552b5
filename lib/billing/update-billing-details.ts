import "server-only";
import { eq } from "drizzle-orm";
import { organizations, type BillingAddress } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { isCountry } from "@/lib/onboarding/countries";
import { callStripe, StripeCallError } from "@/lib/stripe/call-stripe";

/** Tax ID types offered in settings (Stripe's names; Stripe checks the number's format). */
export const TAX_ID_TYPES = [
  { type: "eu_vat", label: "EU VAT number" },
  { type: "gb_vat", label: "UK VAT number" },
  { type: "us_ein", label: "US EIN" },
  { type: "ch_vat", label: "Swiss VAT number" },
  { type: "no_vat", label: "Norwegian VAT number" },
  { type: "au_abn", label: "Australian Business Number" },
  { type: "ca_bn", label: "Canadian Business Number" },
] as const;
export type TaxIdType = (typeof TAX_ID_TYPES)[number]["type"];

export type BillingDetails = {
  companyName: string;
  billingEmail: string;
  country: string;
  /** Omitted: left as it is. */
  address?: BillingAddress | null;
  /** Omitted: left as it is; null: removed. */
  taxId?: { type: TaxIdType; value: string } | null;
};
export type SavedBillingDetails = { companyName: string; billingEmail: string; country: string; address: BillingAddress | null; taxId: { type: string; value: string } | null };

/**
 * The organisation's billing details — asked in the wizard (name, email, country), editable later in
 * settings by owners and admins (also the postal address and a tax ID) — stored on the organisation and
 * synced to its Stripe customer: name, email and address, and the tax ID as the customer's Stripe tax_id
 * (what Stripe prints on every invoice finalised from then on). A tax ID Stripe refuses changes nothing.
 * Creates the customer (metadata.org_id; one per organisation: stable idempotency key) when there is none
 * yet. Audited.
 */
export async function updateBillingDetails(input: BillingDetails & { orgId: string; actor: Actor }): Promise<{ customerId: string } & SavedBillingDetails> {
  const country = input.country.trim().toUpperCase();
  if (!isCountry(country)) throw badRequest("Choose a country from the list.", { fields: [{ field: "country", message: "unknown country" }] }, "invalid_country");
  const [org] = await withOrg(input.orgId, (tx) => tx.select().from(organizations).where(eq(organizations.id, input.orgId)));
  if (!org) throw notFound("organisation");
  const address = input.address === undefined ? (org.billingAddress ?? null) : input.address;
  // Stripe replaces the address as a whole; its parts cannot be sent empty, so absent parts are left out.
  const stripeAddress = Object.fromEntries(
    Object.entries({ line1: address?.line1, line2: address?.line2, city: address?.city, postal_code: address?.postalCode, state: address?.state, country }).filter(([, v]) => v),
  ) as { country: string; line1?: string; line2?: string; city?: string; postal_code?: string; state?: string };
  const details = { name: input.companyName.trim(), email: input.billingEmail.trim().toLowerCase(), address: stripeAddress };
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
  const taxId = await syncTaxId(customerId!, org.taxId ?? null, input.taxId);
  const saved: SavedBillingDetails = { companyName: details.name, billingEmail: details.email, country, address, taxId: taxId ? { type: taxId.type, value: taxId.value } : null };
  await withOrg(input.orgId, async (tx) => {
    await tx
      .update(organizations)
      .set({ stripeCustomerId: customerId, companyName: saved.companyName, billingEmail: saved.billingEmail, country, billingAddress: address, taxId, updatedAt: now() })
      .where(eq(organizations.id, input.orgId));
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "organization.billing_details_updated",
      target: input.orgId,
      before: { stripe_customer_id: org.stripeCustomerId, company_name: org.companyName, billing_email: org.billingEmail, country: org.country, address: org.billingAddress, tax_id: org.taxId ? { type: org.taxId.type, value: org.taxId.value } : null },
      after: { stripe_customer_id: customerId, company_name: saved.companyName, billing_email: saved.billingEmail, country, address, tax_id: saved.taxId },
    });
  });
  return { customerId: customerId!, ...saved };
}

type StoredTaxId = { type: string; value: string; stripeId: string };

/** Make the customer's Stripe tax ID the wanted one: create the new one first (Stripe checks it), then delete the old. */
async function syncTaxId(customerId: string, current: StoredTaxId | null, wanted: BillingDetails["taxId"]): Promise<StoredTaxId | null> {
  if (wanted === undefined) return current;
  const value = wanted ? wanted.value.replace(/\s+/g, "").toUpperCase() : null;
  if (wanted && current && current.type === wanted.type && current.value === value) return current;
  let created: StoredTaxId | null = null;
  if (wanted && value) {
    try {
      const t = await callStripe("customers.createTaxId", (s, o) => s.customers.createTaxId(customerId, { type: wanted.type, value }, o), { idempotencyKey: `${customerId}:tax:${wanted.type}:${value}` });
      created = { type: t.type, value: t.value, stripeId: t.id };
    } catch (err) {
      if (err instanceof StripeCallError && err.stripeCode === "tax_id_invalid") {
        const label = TAX_ID_TYPES.find((t) => t.type === wanted.type)?.label ?? "tax ID";
        throw badRequest(`That is not a valid ${label}.`, { fields: [{ field: "taxIdValue", message: `not a valid ${label}` }] }, "invalid_tax_id");
      }
      throw err;
    }
  }
  if (current) {
    const old = current.stripeId;
    await callStripe("customers.deleteTaxId", (s, o) => s.customers.deleteTaxId(customerId, old, {}, o), { kind: "write", idempotencyKey: `${customerId}:tax-delete:${old}` }).catch((err) => {
      // Already gone at Stripe (removed in the Dashboard): nothing left to delete.
      if (!(err instanceof AppError && err.code === "not_found")) throw err;
    });
  }
  return created;
}
