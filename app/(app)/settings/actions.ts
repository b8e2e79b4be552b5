"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { updateBillingDetails } from "@/lib/billing/update-billing-details";
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

const billingSchema = z.object({
  orgId: z.string().min(1),
  companyName: z.string().trim().min(1, "enter the company name").max(200, "at most 200 characters"),
  billingEmail: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")),
  country: z.string().trim().regex(/^[A-Za-z]{2}$/, "choose a country"),
});

export type BillingDetailsState = ActionResult<{ companyName: string; billingEmail: string; country: string }> | null;

/** Edit the billing details printed on invoices (owners and admins); synced to the Stripe customer. */
export async function updateBillingDetailsAction(_prev: BillingDetailsState, form: FormData): Promise<BillingDetailsState> {
  return orgAction("admin", billingSchema, formObject(form), async (d, ctx) => {
    const r = await updateBillingDetails({ orgId: ctx.org.id, companyName: d.companyName, billingEmail: d.billingEmail, country: d.country, actor: ctx.actor });
    revalidatePath("/settings");
    return { companyName: r.companyName, billingEmail: r.billingEmail, country: r.country };
  });
}
