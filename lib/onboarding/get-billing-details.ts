import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";

/** The organisation's billing details as stored (for pre-filling the customer step). */
export async function getBillingDetails(orgId: string) {
  const [org] = await withOrg(orgId, (tx) => tx.select().from(organizations).where(eq(organizations.id, orgId)));
  return {
    name: org?.name ?? "",
    companyName: org?.companyName ?? null,
    billingEmail: org?.billingEmail ?? null,
    country: org?.country ?? null,
    stripeCustomerId: org?.stripeCustomerId ?? null,
  };
}
