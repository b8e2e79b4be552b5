import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, organizations, stripeEvents, subscriptions } from "@/db/schema";
import type { Actor } from "@/lib/audit/write-audit";
import { createFakeStripe, customerObj, subscriptionObj } from "@/lib/stripe/webhooks/tests/fake-stripe";
import { eventFor, uid } from "@/lib/stripe/webhooks/tests/fixtures";

const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));

const { adminSyncCustomer } = await import("../admin-sync-customer");
const { adminCancelSubscription } = await import("../admin-cancel-subscription");
const { adminReplayEvent, adminReplayFailedEvents } = await import("../admin-replay-events");
const { adminTakeSnapshot } = await import("../admin-take-snapshot");
const { storeStripeEvent } = await import("@/lib/stripe/webhooks/store-event");

// The fake Stripe, plus the two subscription writes the admin cancel makes (recorded, to compare with the customer's).
const fake = createFakeStripe();
const client = fake.client as unknown as Record<string, Record<string, unknown>>;
const stripeCalls: { method: string; params: unknown }[] = [];
client.subscriptions!.update = async (id: string, params: Record<string, unknown>) => {
  stripeCalls.push({ method: "update", params });
  const s = fake.state.subscriptions.get(id)!;
  Object.assign(s, { cancel_at_period_end: params.cancel_at_period_end, metadata: params.metadata });
  return structuredClone(s);
};
client.subscriptions!.cancel = async (id: string, params: unknown) => {
  stripeCalls.push({ method: "cancel", params });
  const s = fake.state.subscriptions.get(id)!;
  Object.assign(s, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000), ended_at: Math.floor(Date.now() / 1000) });
  return structuredClone(s);
};
holder.client = fake.client;

const admin: Actor = { type: "admin", id: "usr_admin_test" };
let orgId = "";
let cus = "";
let sub = "";

const auditFor = async (action: string, target?: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), ...(target ? [eq(auditLog.target, target)] : [])));

beforeAll(async () => {
  orgId = uid("org");
  cus = uid("cus");
  sub = uid("sub");
  await db.insert(organizations).values({ id: orgId, name: "Mutations Co", stripeCustomerId: cus });
  fake.state.customers.set(cus, customerObj(cus, orgId));
  fake.state.subscriptions.set(sub, subscriptionObj(sub, cus, { status: "active" }));
});

describe("admin mutations are audited with the admin as actor", () => {
  it("sync from Stripe now", async () => {
    const res = await adminSyncCustomer(orgId, admin);
    expect(res.subscriptions).toBe(1);
    const [a] = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "admin.stripe_synced")));
    expect(a).toMatchObject({ actorType: "admin", actorId: "usr_admin_test", target: cus });
    // The rows the sync wrote are audited with the same admin actor.
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.actorId, "usr_admin_test")));
    expect(rows.length).toBeGreaterThan(1);
  });

  it("cancel at period end, then now; a second cancel is a conflict; another org's subscription is not found", async () => {
    await adminCancelSubscription({ orgId, subscriptionId: sub, mode: "period_end", reason: "Customer asked" }, admin);
    let [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, sub));
    expect(row).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    // One cancel path (issue 13 item 10): the customers' Stripe parameters and audit action, the admin as actor.
    expect(stripeCalls.at(-1)).toEqual({ method: "update", params: { cancel_at_period_end: true, metadata: { cancel_reason: "Customer asked", canceled_by: "admin" } } });
    const [scheduled] = await auditFor("subscription.cancel_scheduled", sub);
    expect(scheduled).toMatchObject({ actorType: "admin", orgId, after: { when: "period_end", reason: "Customer asked" } });

    await adminCancelSubscription({ orgId, subscriptionId: sub, mode: "now", reason: "Fraud" }, admin);
    [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, sub));
    expect(row!.status).toBe("canceled");
    expect(stripeCalls.at(-1)).toEqual({ method: "cancel", params: { prorate: false, invoice_now: false } });
    const [a] = await auditFor("subscription.cancelled_now", sub);
    expect(a).toMatchObject({ actorType: "admin", orgId, before: { status: "active", cancelAtPeriodEnd: true }, after: { when: "now", reason: "Fraud" } });

    await expect(adminCancelSubscription({ orgId, subscriptionId: sub, mode: "now", reason: "Again" }, admin)).rejects.toMatchObject({ status: 409 });
    await expect(adminCancelSubscription({ orgId: "org_other", subscriptionId: sub, mode: "now", reason: "Nope" }, admin)).rejects.toMatchObject({ status: 404 });
    await expect(adminCancelSubscription({ orgId, subscriptionId: sub, mode: "now", reason: "" }, admin)).rejects.toThrow();
  });

  it("replay one event", async () => {
    const ev = eventFor("customer.updated", customerObj(cus, orgId));
    await storeStripeEvent(ev);
    await db.update(stripeEvents).set({ status: "failed", lastError: "boom", attempts: 3 }).where(eq(stripeEvents.id, ev.id));
    const out = await adminReplayEvent(ev.id, admin);
    expect(out.status).toBe("processed");
    const [a] = await auditFor("admin.webhook_replayed", ev.id);
    expect(a).toMatchObject({ actorType: "admin", before: { status: "failed", attempts: 3 }, after: { status: "processed" } });
    await expect(adminReplayEvent("evt_missing_x", admin)).rejects.toMatchObject({ status: 404 });
  });

  it("replay all failed", async () => {
    const ev2 = eventFor("customer.updated", customerObj(cus, orgId));
    await storeStripeEvent(ev2);
    await db.update(stripeEvents).set({ status: "failed" }).where(eq(stripeEvents.id, ev2.id));
    const all = await adminReplayFailedEvents(admin);
    expect(all.replayed).toBeGreaterThanOrEqual(1);
    const [ev2row] = await db.select().from(stripeEvents).where(inArray(stripeEvents.id, [ev2.id]));
    expect(ev2row!.status).toBe("processed");
    expect((await auditFor("admin.webhooks_replayed")).length).toBeGreaterThanOrEqual(1);
  });

  it("refresh figures", async () => {
    const res = await adminTakeSnapshot(admin);
    expect((await auditFor("admin.snapshot_taken", `metrics_daily:${res.day}`)).length).toBeGreaterThanOrEqual(1);
  });
});
