"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { TAX_ID_TYPES, updateBillingDetails, type SavedBillingDetails } from "@/lib/billing/update-billing-details";
import { formObject, type ActionResult } from "@/lib/http/action";
import { renameOrganization } from "@/lib/orgs/rename-organization";

const schema = z.object({
  orgId: z.string().min(1),
  name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters"),
});

export type RenameState = ActionResult<{ id: string; name: string }> | null;

/** Rename the organisation shown on the page (owners and admins). */
export async function renameOrgAction(_prev: RenameState, form: FormData): Promise<RenameState> {
  return orgAction("admin", schema, formObject(form), async ({ orgId, name }, ctx) => {
    const org = await renameOrganization({ orgId, name, actor: ctx.actor });
    revalidatePath("/", "layout");
    return org;
  });
}

const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).optional().transform((v) => v || null);
const taxIdTypes = TAX_ID_TYPES.map((t) => t.type) as [string, ...string[]];

const billingSchema = z
  .object({
    orgId: z.string().min(1),
    companyName: z.string().trim().min(1, "enter the company name").max(200, "at most 200 characters"),
    billingEmail: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")),
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, "choose a country"),
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(100),
    postalCode: optionalText(20),
    state: optionalText(100),
    taxIdType: z.union([z.literal(""), z.enum(taxIdTypes, "choose a tax ID type")]).optional(),
    taxIdValue: optionalText(40),
  })
  .superRefine((d, ctx) => {
    // An address is all of street, city and postal code, or none of them.
    const parts = { line1: d.line1, city: d.city, postalCode: d.postalCode };
    if (Object.values(parts).some(Boolean) || d.line2 || d.state) {
      for (const [k, v] of Object.entries(parts)) if (!v) ctx.addIssue({ code: "custom", path: [k], message: "needed for a postal address" });
    }
    if (d.taxIdValue && !d.taxIdType) ctx.addIssue({ code: "custom", path: ["taxIdType"], message: "choose the kind of tax ID" });
  });

export type BillingDetailsState = ActionResult<SavedBillingDetails> | null;

/** Edit the billing details printed on invoices (owners and admins); synced to the Stripe customer. */
export async function updateBillingDetailsAction(_prev: BillingDetailsState, form: FormData): Promise<BillingDetailsState> {
  return orgAction("admin", billingSchema, formObject(form), async (d, ctx) => {
    const address = d.line1 && d.city && d.postalCode ? { line1: d.line1, line2: d.line2, city: d.city, postalCode: d.postalCode, state: d.state } : null;
    const taxId = d.taxIdType && d.taxIdValue ? { type: d.taxIdType as (typeof TAX_ID_TYPES)[number]["type"], value: d.taxIdValue } : null;
    const { customerId: _customerId, ...saved } = await updateBillingDetails({ orgId: ctx.org.id, companyName: d.companyName, billingEmail: d.billingEmail, country: d.country, address, taxId, actor: ctx.actor });
    void _customerId;
    revalidatePath("/settings");
    return saved;
  });
}
