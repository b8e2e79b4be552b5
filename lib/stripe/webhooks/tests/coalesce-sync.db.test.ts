import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { organizations, paymentMethods, stripeEvents } from "@/db/schema";
import { clockOffsetMs, setClockOffset } from "@/lib/clock";
import { createFakeStripe, customerObj, paymentMethodObj } from "./fake-stripe";
import { eventFor, uid } from "./fixtures";

const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));
// Counts the freshness checks that have answered: the handler's next step (join or queue a sync) runs
// synchronously once its check resolves, so when the count is reached every caller has joined or queued.
const checks = vi.hoisted(() => ({ answered: 0 }));
vi.mock("@/lib/billing/sync-stripe-customer", async (orig) => {
  const m = await orig<typeof import("@/lib/billing/sync-stripe-customer")>();
  return {
    ...m,
    mirrorSyncedSince: async (...args: Parameters<typeof m.mirrorSyncedSince>) => {
      try {
        return await m.mirrorSyncedSince(...args);
      } finally {
        checks.answered++;
      }
    },
  };
});

const { processEvent } = await import("../process-event");
const { storeStripeEvent } = await import("../store-event");
const { syncStripeCustomer, SYNC_FRESHNESS_MARGIN_MS } = await import("@/lib/billing/sync-stripe-customer");

const fake = createFakeStripe();
holder.client = fake.client;

async function newOrg() {
  const orgId = uid("org");
  const customerId = uid("cus");
  await db.insert(organizations).values({ id: orgId, name: "Coalesce org", stripeCustomerId: customerId });
  fake.state.customers.set(customerId, customerObj(customerId, orgId));
  return { orgId, customerId };
}

/** Processing lags behind arrival: move the one clock past the freshness margin. */
function lagBehindArrival() {
  setClockOffset(clockOffsetMs() + SYNC_FRESHNESS_MARGIN_MS + 2_000);
}

describe("one sync per customer backlog (issue 15: Stripe calls per event)", () => {
  it("a backlog of one customer's events is processed with one sync, every event marked processed", async () => {
    const { customerId } = await newOrg();
    const evs = Array.from({ length: 12 }, () => eventFor("customer.updated", fake.state.customers.get(customerId)!));
    for (const ev of evs) await storeStripeEvent(ev as never);
    lagBehindArrival();
    const before = fake.calls.syncs;
    for (const ev of evs) expect((await processEvent(ev.id)).status).toBe("processed");
    expect(fake.calls.syncs - before).toBe(1);
  });

  it("events of one customer processed concurrently share a queued sync (at most one running + one queued)", async () => {
    const { customerId } = await newOrg();
    const evs = Array.from({ length: 10 }, () => eventFor("customer.updated", fake.state.customers.get(customerId)!));
    for (const ev of evs) await storeStripeEvent(ev as never);
    const before = fake.calls.syncs;
    // The first sync is held mid-read until every event's handler has joined or queued behind it (on a
    // busy machine the handlers would otherwise reach the sync one by one, each after the last finished).
    const release = fake.holdSyncs();
    const answered = checks.answered;
    const processing = Promise.all(evs.map((ev) => processEvent(ev.id)));
    await vi.waitFor(() => expect(checks.answered - answered).toBe(evs.length), { timeout: 30_000, interval: 20 });
    release();
    const out = await processing;
    expect(out.map((o) => o.status)).toEqual(evs.map(() => "processed"));
    expect(fake.calls.syncs - before).toBeLessThanOrEqual(2);
    // Direct callers coalesce too.
    const b2 = fake.calls.syncs;
    await Promise.all(Array.from({ length: 6 }, () => syncStripeCustomer(customerId)));
    expect(fake.calls.syncs - b2).toBeLessThanOrEqual(2);
  });

  it("an event that arrived after the last sync began still syncs, and the mirror shows what it announced", async () => {
    const { orgId, customerId } = await newOrg();
    const first = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    await storeStripeEvent(first as never);
    lagBehindArrival();
    expect((await processEvent(first.id)).status).toBe("processed");
    // Stripe changes after that sync read it: a card is attached and announced.
    const pmId = uid("pm");
    fake.state.paymentMethods.set(pmId, paymentMethodObj(pmId, customerId));
    const attached = eventFor("payment_method.attached", fake.state.paymentMethods.get(pmId)!);
    await storeStripeEvent(attached as never);
    const before = fake.calls.syncs;
    expect((await processEvent(attached.id)).status).toBe("processed");
    expect(fake.calls.syncs - before).toBe(1);
    const pms = await db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId));
    expect(pms.map((p) => [p.id, p.orgId])).toEqual([[pmId, orgId]]);
    const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, attached.id));
    expect(row.status).toBe("processed");
  });

  it("a customer with no mirror yet is synced, not skipped", async () => {
    const { orgId, customerId } = await newOrg();
    const ev = eventFor("customer.created", fake.state.customers.get(customerId)!);
    await storeStripeEvent(ev as never);
    lagBehindArrival();
    const before = fake.calls.syncs;
    expect(await processEvent(ev.id)).toEqual({ status: "processed" });
    expect(fake.calls.syncs - before).toBe(1);
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org.stripeCustomerId).toBe(customerId);
  });
});
