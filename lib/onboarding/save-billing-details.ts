import "server-only";
import { withOrg } from "@/db/with-org";
import type { Actor } from "@/lib/audit/write-audit";
import { updateBillingDetails, type BillingDetails } from "@/lib/billing/update-billing-details";
import { completeStep, loadSession } from "./session";
import { ensureSession } from "./start-onboarding";

export type { BillingDetails } from "@/lib/billing/update-billing-details";

/**
 * Step 2: the organisation's billing details and its Stripe customer (updateBillingDetails: created with
 * metadata.org_id, or updated), then the step is done. A double submit creates one customer.
 */
export async function saveBillingDetails(input: BillingDetails & { orgId: string; actor: Actor }) {
  const { customerId } = await updateBillingDetails(input);
  await ensureSession(input.orgId, null);
  return withOrg(input.orgId, async (tx) => {
    const session = (await loadSession(input.orgId, tx))!;
    return { customerId, session: await completeStep(tx, session, "customer") };
  });
}
