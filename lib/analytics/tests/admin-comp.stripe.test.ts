import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, organizations, subscriptions } from "@/db/schema";
import { adminCompPlan } from "@/lib/analytics/admin-comp-plan";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { newId } from "@/lib/ids";

const admin = { type: "admin" as const, id: "admin-test" };

describe("admin: comp a plan", () => {
  beforeAll(async () => {
    await syncCatalog();
  });

  it("gives an organisation without a card a paid plan at $0, audited, and refuses a second one", async () => {
    const orgId = newId("org");
    await db.insert(organizations).values({ id: orgId, name: "Comped Co" });
    const res = await adminCompPlan({ orgId, planKey: "pro", reason: "design partner" }, admin);
    expect(res.status).toBe("active");
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    expect(sub).toMatchObject({ status: "active", planKey: "pro", amountCents: 0 });
    expect((await resolveOrgPlan(orgId)).plan.key).toBe("pro");
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audits.find((a) => a.action === "admin.plan_comped")).toMatchObject({ actorType: "admin", after: { plan: "pro", reason: "design partner" } });
    await expect(adminCompPlan({ orgId, planKey: "enterprise", reason: "again" }, admin)).rejects.toMatchObject({ code: "already_subscribed", status: 409 });
    await expect(adminCompPlan({ orgId: newId("org"), planKey: "free", reason: "nope" }, admin)).rejects.toMatchObject({ code: "invalid_plan" });
  });
});
