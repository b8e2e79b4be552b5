import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { organizations } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { badRequest, notFound } from "@/lib/errors";

/** "Sync from Stripe now": re-read the organisation's customer into the mirror; audited as admin.stripe_synced. */
export async function adminSyncCustomer(orgId: string, actor: Actor) {
  const [org] = await db.select({ id: organizations.id, customerId: organizations.stripeCustomerId }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound("organisation");
  if (!org.customerId) throw badRequest("This organisation has no Stripe customer yet.", undefined, "no_customer");
  const result = await syncStripeCustomer(org.customerId, { actor });
  await record(db, { actor, orgId, action: "admin.stripe_synced", target: org.customerId, before: null, after: { changes: result.changes } });
  return result;
}
