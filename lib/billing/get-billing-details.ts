import "server-only";
import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import type { SavedBillingDetails } from "./update-billing-details";

/** The billing details printed on the organisation's invoices (settings page; blank when never set). */
export async function getBillingDetails(orgId: string): Promise<SavedBillingDetails> {
  const [row] = await withOrg(orgId, (tx) =>
    tx
      .select({ companyName: organizations.companyName, billingEmail: organizations.billingEmail, country: organizations.country, address: organizations.billingAddress, taxId: organizations.taxId })
      .from(organizations)
      .where(eq(organizations.id, orgId)),
  );
  return {
    companyName: row?.companyName ?? "",
    billingEmail: row?.billingEmail ?? "",
    country: row?.country ?? "",
    address: row?.address ?? null,
    taxId: row?.taxId ? { type: row.taxId.type, value: row.taxId.value } : null,
  };
}
