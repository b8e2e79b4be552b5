import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { grantCredits } from "@/lib/credits/grant-credits";
import { getCreditsTab } from "@/lib/billing-ui/get-credits-tab";
import { getBillingOverview } from "@/lib/billing-ui/get-overview";
import { getInvoicesTab } from "@/lib/billing-ui/get-invoices-tab";
import { getUsageTab } from "@/lib/billing-ui/get-usage-tab";
import { getNotificationBell, markNotificationsRead } from "@/lib/billing-ui/notifications";
import { newId } from "@/lib/ids";
import { writeNotice as notify } from "@/lib/notifications/notify";
import { createOrganization } from "@/lib/orgs/create-organization";
import { check } from "@/lib/usage/check-quota";

const actor = { type: "system" as const, id: null };

async function org() {
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  return createOrganization({ name: "Tabs", ownerId: u!.id, actor });
}

describe("billing dashboard data (lib/billing-ui)", () => {
  it("notification bell: unread count, newest first, mark read (one, then all), org-scoped", async () => {
    const a = await org();
    const b = await org();
    for (const i of [1, 2, 3]) await notify({ orgId: a.id, kind: "usage_threshold", title: `T${i}`, body: "x", dedupeKey: `${a.id}:t${i}` });
    await notify({ orgId: b.id, kind: "usage_threshold", title: "other", body: "x", dedupeKey: `${b.id}:o` });
    const bell = await getNotificationBell(a.id);
    expect(bell.unread).toBe(3);
    expect(bell.items).toHaveLength(3);
    expect(await markNotificationsRead(a.id, [bell.items[0]!.id])).toBe(1);
    expect((await getNotificationBell(a.id)).unread).toBe(2);
    expect(await markNotificationsRead(a.id)).toBe(2);
    expect(await markNotificationsRead(a.id)).toBe(0);
    expect((await getNotificationBell(b.id)).unread).toBe(1);
  });

  it("credits tab: balance by source and history with the running balance, paged", async () => {
    const o = await org();
    await grantCredits({ orgId: o.id, source: "purchased", amount: 1_000, idempotencyKey: "pack:cs_1", actor, reason: "Purchased 1,000 credits" });
    await grantCredits({ orgId: o.id, source: "subscription", amount: 500, expiresAt: new Date(Date.now() + 5 * 86_400_000), idempotencyKey: "sub:x:1", actor });
    await consumeCredits({ orgId: o.id, amount: 300, idempotencyKey: "c1" });
    const tab = await getCreditsTab(o.id, { limit: 2 });
    expect(tab.balance.balance).toBe(1_200);
    expect(tab.balance.by_source).toMatchObject({ purchased: 700, subscription: 500 });
    expect(tab.balance.expiring_soon.map((g) => g.remaining)).toEqual([500]);
    expect(tab.transactions.map((t) => [t.kind, t.amount, t.balanceAfter])).toEqual([
      ["consume", -300, 1_200],
      ["grant", 500, 1_500],
    ]);
    expect(tab.nextBefore).toBe(tab.transactions[1]!.id);
    const older = await getCreditsTab(o.id, { limit: 2, before: tab.nextBefore! });
    expect(older.transactions.map((t) => [t.label, t.detail, t.balanceAfter])).toEqual([["Credits added", "Purchased 1,000 credits", 1_000]]);
    expect(older.nextBefore).toBeNull();
    const inv = await getInvoicesTab(o.id);
    expect(inv.invoices).toEqual([]);
    expect(inv.oneTime).toMatchObject([{ credits: 1_000, amountCents: 1_000, reference: "cs_1" }]);
  });

  it("overview and usage tab for a free organisation follow metered usage", async () => {
    const o = await org();
    let ov = await getBillingOverview(o.id);
    expect(ov.plan.key).toBe("free");
    expect(ov.status.label).toBe("Free");
    expect(ov.nextInvoice).toBeNull();
    expect(ov.bars.find((b) => b.metric === "api_calls")).toMatchObject({ used: 0, included: 100, state: "ok" });
    await check({ orgId: o.id, metric: "api_calls", quantity: 85 }, { consume: true });
    ov = await getBillingOverview(o.id);
    expect(ov.bars.find((b) => b.metric === "api_calls")).toMatchObject({ used: 85, percent: 85, state: "warn" });
    expect(ov.upgrade?.nextPlan.key).toBe("starter");
    const usage = await getUsageTab(o.id, "current");
    expect(usage.bars.find((b) => b.metric === "api_calls")?.used).toBe(85);
    expect(usage.choices[0]!.value).toBe("current");
    await expect(getUsageTab(o.id, "2026-13")).rejects.toMatchObject({ status: 400 });
  });
});
