import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam, resourceMissing } from "../errors";
import { str } from "../params";
import { nowUnix, stripeId, type StripeObj } from "../shapes";
import { getObject, insertObject, queryObjects, saveObject } from "../store";
import type { Tx } from "../runtime";
import { listResponse } from "./common";

/**
 * A customer's tax IDs (`/v1/customers/:customer/tax_ids`): what Stripe prints on invoices under the
 * customer's address (`invoice.customer_tax_ids`, frozen at finalisation). Formats are checked for the
 * common types, as Stripe does (`tax_id_invalid`); other types need a non-empty value.
 */
const FORMATS: Record<string, RegExp> = {
  eu_vat: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z+*]{2,12}$/,
  gb_vat: /^GB(\d{9}|\d{12})$/,
  us_ein: /^\d{2}-\d{7}$/,
  ch_vat: /^CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)$/,
  au_abn: /^\d{11}$/,
  ca_bn: /^\d{9}$/,
  no_vat: /^\d{9}MVA$/,
};

function countryOf(type: string, value: string): string | null {
  if (type === "eu_vat") return value.slice(0, 2) === "EL" ? "GR" : value.slice(0, 2) === "XI" ? "GB" : value.slice(0, 2);
  if (type.startsWith("eu_")) return null;
  return type.slice(0, 2).toUpperCase();
}

async function customerOf(ctx: Ctx): Promise<StripeObj> {
  const c = await getObject(ctx.tx, ctx.pathParams.customer, "customer", "customer");
  if (c.deleted) throw resourceMissing("customer", c.id, "customer");
  return c;
}

async function create(ctx: Ctx) {
  const customer = await customerOf(ctx);
  const type = str(ctx.params, "type");
  const raw = str(ctx.params, "value");
  if (!type) throw missingParam("type");
  if (raw === undefined) throw missingParam("value");
  const value = raw.trim().toUpperCase();
  const format = FORMATS[type];
  if (!value || (format && !format.test(value.replace(/\s+/g, type === "ch_vat" ? " " : "")))) {
    throw invalidRequest(`Invalid value for ${type}.`, "value", "tax_id_invalid");
  }
  const taxId: StripeObj = {
    id: stripeId("txi"),
    object: "tax_id",
    country: countryOf(type, value),
    created: nowUnix(),
    customer: customer.id,
    customer_account: null,
    livemode: false,
    owner: { customer: customer.id, customer_account: null, type: "customer" },
    type,
    value,
    verification: null,
  };
  await insertObject(ctx.tx, taxId);
  await ctx.emit("customer.tax_id.created", taxId);
  return taxId;
}

/** The customer's tax IDs, oldest first (the order Stripe prints them). */
export async function customerTaxIds(tx: Tx, customerId: string): Promise<{ type: string; value: string }[]> {
  const all = await queryObjects(tx, "tax_id", { customer: customerId, where: (o) => !o.deleted });
  return all.reverse().map((t) => ({ type: String(t.type), value: String(t.value) }));
}

async function retrieve(ctx: Ctx) {
  const customer = await customerOf(ctx);
  const t = await getObject(ctx.tx, ctx.pathParams.id, "tax_id");
  if (t.deleted || t.customer !== customer.id) throw resourceMissing("tax_id", ctx.pathParams.id);
  return t;
}

async function del(ctx: Ctx) {
  const t = await retrieve(ctx);
  const stub = { id: t.id, object: "tax_id", deleted: true };
  // Kept as a stub (customer column stays for the list filter) so the id answers `deleted` like Stripe.
  await saveObject(ctx.tx, { ...stub, customer: t.customer } as StripeObj);
  await ctx.emit("customer.tax_id.deleted", t);
  return stub;
}

export const taxIdRoutes: RouteDef[] = [
  ["POST", "/v1/customers/:customer/tax_ids", create],
  ["GET", "/v1/customers/:customer/tax_ids", async (ctx) => listResponse(ctx, "tax_id", { customer: (await customerOf(ctx)).id, where: (o) => !o.deleted })],
  ["GET", "/v1/customers/:customer/tax_ids/:id", retrieve],
  ["DELETE", "/v1/customers/:customer/tax_ids/:id", del],
];
