import { desc, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, invoices, organizations, reconciliationRuns, subscriptions } from "@/db/schema";
import { createFakeStripe, customerObj, invoiceObj, paymentMethodObj, subscriptionObj } from "@/lib/stripe/webhooks/tests/fake-stripe";
import { uid } from "@/lib/stripe/webhooks/tests/fixtures";

const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));

const { runReconciliation } = await import("../ops-reconcile");
const { getHealthLists } = await import("@/lib/analytics/get-health-lists");

const fake = createFakeStripe();
holder.client = fake.client;

describe("reconciler", () => {
  it("repairs injected drift and records what differed", async () => {
    const orgId = uid("org");
    const cus = uid("cus");
    const sub = uid("sub");
    const inv1 = uid("in");
    await db.insert(organizations).values({ id: orgId, name: "Drift Co", stripeCustomerId: cus });
    fake.state.customers.set(cus, customerObj(cus, orgId));
    fake.state.subscriptions.set(sub, subscriptionObj(sub, cus, { status: "active", lookupKey: "pro_monthly", unitAmount: 9900 }));
    fake.state.invoices.set(inv1, invoiceObj(inv1, cus, sub, { status: "paid", amount: 9900 }));
    fake.state.paymentMethods.set("pm_1", paymentMethodObj(uid("pm"), cus));

    // First run: the mirror is empty, everything is "missing" and gets written.
    const first = await runReconciliation({ orgIds: [orgId] });
    expect(first.status).toBe("drift");
    expect(first.orgsChecked).toBe(1);
    const kinds = (first.report as { differences: { table: string; kind: string }[] }[])[0]!.differences.map((d) => `${d.table}:${d.kind}`).sort();
    expect(kinds).toEqual(["invoices:missing", "payment_methods:missing", "stripe_customers:missing", "subscriptions:missing"]);

    // In sync: nothing to report.
    const clean = await runReconciliation({ orgIds: [orgId] });
    expect(clean).toMatchObject({ status: "ok", driftCount: 0, fixedCount: 0, errorCount: 0, report: [] });

    // Drift: a row changed behind the mirror's back, and a missed invoice.paid webhook.
    await db.update(subscriptions).set({ status: "canceled", amountCents: 0 }).where(eq(subscriptions.id, sub));
    const inv2 = uid("in");
    fake.state.invoices.set(inv2, invoiceObj(inv2, cus, sub, { status: "paid", amount: 9900 }));
    const auditBefore = (await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).length;

    const repaired = await runReconciliation({ orgIds: [orgId] });
    expect(repaired).toMatchObject({ status: "drift", orgsChecked: 1, driftCount: 2, fixedCount: 2, errorCount: 0 });
    const entry = (repaired.report as { orgId: string; fixed: boolean; differences: { table: string; id: string; kind: string; fields?: Record<string, unknown> }[] }[])[0]!;
    expect(entry.orgId).toBe(orgId);
    expect(entry.fixed).toBe(true);
    expect(entry.differences).toEqual([
      { table: "subscriptions", id: sub, kind: "changed", fields: { status: { mirror: "canceled", stripe: "active" }, amountCents: { mirror: 0, stripe: 9900 } } },
      { table: "invoices", id: inv2, kind: "missing" },
    ]);
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, sub));
    expect(row!.status).toBe("active");
    expect(await db.select().from(invoices).where(eq(invoices.id, inv2))).toHaveLength(1);
    // The repair is audited (by syncStripeCustomer, actor = job).
    const audits = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audits.length).toBeGreaterThan(auditBefore);
    expect(audits.slice(auditBefore).every((a) => a.actorType === "job")).toBe(true);

    // The health page lists the organisation as out of sync (fixed) from the latest run. On a shared
    // Postgres test database another file's clock move may run the (unscoped) reconciler in between
    // and become "the latest run"; then only our own stored run can be checked.
    const health = await getHealthLists();
    const [latest] = await db.select({ id: reconciliationRuns.id }).from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
    if (latest?.id === repaired.id) expect(health.outOfSync.find((o) => o.orgId === orgId)?.fixed).toBe(true);
    const [stored] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, repaired.id));
    expect(stored).toMatchObject({ status: "drift", driftCount: 2, fixedCount: 2 });
  });

  it("records a Stripe failure per organisation without stopping the run", async () => {
    const orgId = uid("org");
    const cus = uid("cus"); // not in the fake: customers.retrieve fails with resource_missing
    await db.insert(organizations).values({ id: orgId, name: "Gone Co", stripeCustomerId: cus });
    const run = await runReconciliation({ orgIds: [orgId] });
    expect(run.status).toBe("error");
    expect(run.errorCount).toBe(1);
    expect((run.report as { error: string | null }[])[0]!.error).toBeTruthy();
  });
});
