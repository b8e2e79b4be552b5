import "server-only";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { db } from "@/db";
import { organizations, stripeCustomers, subscriptions, type Subscription } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { conflict, notFound } from "@/lib/errors";
import { callStripe } from "@/lib/stripe/call-stripe";
import { CURRENT_STATUSES } from "./subscription-states";

export { CURRENT_STATUSES } from "./subscription-states";

/** The organisation's current subscription in the mirror (newest first), or null. */
export async function currentSubscription(orgId: string): Promise<Subscription | null> {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.orgId, orgId), inArray(subscriptions.status, [...CURRENT_STATUSES])))
    .orderBy(desc(subscriptions.createdAt))
    .limit(1);
  return row ?? null;
}

export async function requireCurrentSubscription(orgId: string): Promise<Subscription> {
  const sub = await currentSubscription(orgId);
  if (!sub) throw conflict("This organisation has no subscription yet: start one with checkout.", "no_subscription");
  return sub;
}

/**
 * The organisation's Stripe customer, created on first need (idempotent per organisation: the same
 * idempotency key on every attempt, and a conditional update so two racing requests keep one id).
 */
export async function ensureStripeCustomer(orgId: string, actor: Actor): Promise<string> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound("organisation");
  // A customer deleted in Stripe (the mirror says so) is replaced by a new one on the next need.
  const previous = org.stripeCustomerId;
  if (previous) {
    const [mirror] = await db.select({ deleted: stripeCustomers.deleted }).from(stripeCustomers).where(eq(stripeCustomers.id, previous));
    if (!mirror?.deleted) return previous;
  }
  const customer = await callStripe(
    "customers.create",
    (s, o) =>
      s.customers.create(
        { name: org.companyName ?? org.name, ...(org.billingEmail ? { email: org.billingEmail } : {}), metadata: { org_id: orgId } },
        o,
      ),
    { idempotencyKey: previous ? `org-customer:${orgId}:replacing:${previous}` : `org-customer:${orgId}` },
  );
  const updated = await db
    .update(organizations)
    .set({ stripeCustomerId: customer.id })
    .where(and(eq(organizations.id, orgId), previous ? eq(organizations.stripeCustomerId, previous) : isNull(organizations.stripeCustomerId)))
    .returning({ id: organizations.id });
  if (updated.length === 0) {
    // Another request linked a customer first: keep theirs.
    const [again] = await db.select({ c: organizations.stripeCustomerId }).from(organizations).where(eq(organizations.id, orgId));
    return again!.c!;
  }
  await record(db, { actor, orgId, action: "customer.linked", target: customer.id, before: previous ? { stripeCustomerId: previous } : null, after: { stripeCustomerId: customer.id } });
  return customer.id;
}
