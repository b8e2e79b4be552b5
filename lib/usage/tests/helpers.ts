import { db } from "@/db";
import { organizations, subscriptions } from "@/db/schema";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { newId } from "@/lib/ids";
import { now } from "@/lib/clock";

/** A fresh organisation (unique id: Postgres test runs share one database). */
export async function makeOrg(name = "Test org") {
  const id = newId("org");
  await db.insert(organizations).values({ id, name });
  return id;
}

/** Give an org a subscription in the mirror (as syncStripeCustomer would). */
export async function subscribe(orgId: string, planKey: string, opts: { status?: string; interval?: "month" | "year"; start?: Date; end?: Date; pastDueSince?: Date | null } = {}) {
  const start = opts.start ?? new Date(now().getTime() - 5 * 86_400_000);
  const end = opts.end ?? new Date(start.getTime() + 30 * 86_400_000);
  const id = newId("sub");
  await db.insert(subscriptions).values({
    id,
    orgId,
    customerId: newId("cus"),
    status: opts.status ?? "active",
    planKey,
    interval: opts.interval ?? "month",
    currentPeriodStart: start,
    currentPeriodEnd: end,
    pastDueSince: opts.pastDueSince ?? null,
    createdAt: now(),
    syncedAt: now(),
  });
  invalidateOrgPlan(orgId);
  return id;
}
