import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { subscriptions, users } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { createOrganization } from "@/lib/orgs/create-organization";
import { inviteMember } from "@/lib/orgs/invite-member";
import { check } from "@/lib/usage/check-quota";
import { getBillingStatus } from "@/lib/usage/get-billing-status";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";
import { recordUsageBatch } from "@/lib/usage/record-usage";
import { subscribe } from "./helpers";

/**
 * Issue 13 item 4 (docs/BILLING.md §5): gauges are current totals — seats are the members (the owner
 * included), storage the latest report — not per-period counters reset at each renewal; inviting past
 * the plan's seats is refused with a clear message.
 */
const DAY = 86_400_000;
const included = (plan: string, metric: string) => catalog.plans.find((p) => p.key === plan)!.limits[metric]!.included!;

async function ownedOrg() {
  const [owner] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  const org = await createOrganization({ name: "Gauges Ltd", ownerId: owner!.id, actor: { type: "user", id: owner!.id } });
  return { orgId: org.id, owner: owner! };
}

describe("gauges are current totals", () => {
  it("seats come from memberships: the owner is one seat on the status API, the check API and the usage summary", async () => {
    const { orgId } = await ownedOrg();
    await subscribe(orgId, "pro");
    expect((await getBillingStatus(orgId)).usage_by_metric.seats).toMatchObject({ current: 1, included: 10, remaining: 9 });
    expect((await getUsageSummary(orgId, "current")).metrics.find((m) => m.metric === "seats")).toMatchObject({ used: 1 });
    expect(await check({ orgId, metric: "seats", quantity: 9 })).toMatchObject({ allowed: true, used: 1 });
    expect(await check({ orgId, metric: "seats", quantity: 10 })).toMatchObject({ allowed: false, used: 1 });
  });

  it("storage keeps its latest value across a renewal (12 GB stays 12 GB)", async () => {
    const { orgId } = await ownedOrg();
    const start = new Date(now().getTime() - 5 * DAY);
    const end = new Date(start.getTime() + 30 * DAY);
    const subId = await subscribe(orgId, "pro", { start, end });
    await recordUsageBatch(orgId, [{ metric: "storage_gb", quantity: 12, idempotencyKey: "storage-1" }]);
    expect((await getBillingStatus(orgId)).usage_by_metric.storage_gb.current).toBe(12);
    // The renewal: the mirror moves to the next period (as the webhook sync does); nothing reported since.
    await db.update(subscriptions).set({ currentPeriodStart: end, currentPeriodEnd: new Date(end.getTime() + 30 * DAY) }).where(eq(subscriptions.id, subId));
    invalidateOrgPlan(orgId);
    const status = await getBillingStatus(orgId);
    expect(status.usage_by_metric.storage_gb).toMatchObject({ current: 12, included: included("pro", "storage_gb"), remaining: included("pro", "storage_gb") - 12 });
    expect(status.usage_by_metric.seats.current).toBe(1);
    expect((await getUsageSummary(orgId, "current")).metrics.find((m) => m.metric === "storage_gb")).toMatchObject({ used: 12 });
  });

  it("inviting past the plan's seats is refused with a clear message (open invitations count)", async () => {
    const { orgId, owner } = await ownedOrg();
    await subscribe(orgId, "starter");
    const invite = (email: string) => inviteMember({ orgId, orgName: "Gauges Ltd", email, role: "member", invitedBy: owner.id, actor: { type: "user", id: owner.id } });
    // Starter: 3 seats = the owner + 2 invitations.
    expect(included("starter", "seats")).toBe(3);
    await invite("a@gauges.test");
    await invite("b@gauges.test");
    const err = await invite("c@gauges.test").catch((e) => e);
    expect(err).toMatchObject({ status: 409, code: "seat_limit_reached" });
    expect(err.message).toBe(
      "Your Starter plan includes 3 seats, and 1 is taken by members and 2 by open invitations. Remove a member or revoke an invitation, or upgrade your plan to invite more people.",
    );
  });
});
