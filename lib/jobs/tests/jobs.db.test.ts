import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { organizations, stripeEvents } from "@/db/schema";
import { createFakeStripe, customerObj } from "@/lib/stripe/webhooks/tests/fake-stripe";
import { eventFor, uid } from "@/lib/stripe/webhooks/tests/fixtures";

const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));

const { startJobs, stopJobs, getRunningBoss } = await import("../boss");
const { defineJob } = await import("../registry");
const { enqueue } = await import("../enqueue");
const { runScheduledJobs } = await import("../run-scheduled");
await import("../register-jobs");
const { storeStripeEvent } = await import("@/lib/stripe/webhooks/store-event");
const { enqueueStripeEvent } = await import("@/lib/stripe/webhooks/enqueue-event");

const fake = createFakeStripe();
holder.client = fake.client;

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const attempts: { attempt: number; final: boolean }[] = [];
defineJob<{ n: number }>(
  "test-always-fails",
  async (_data, meta) => {
    attempts.push({ attempt: meta.attempt, final: meta.final });
    throw new Error("boom");
  },
  { retryLimit: 2, retryDelay: 1, retryBackoff: false },
);
const seen: number[] = [];
defineJob<{ n: number }>("test-echo", async (data) => {
  seen.push(data.n);
});

beforeAll(async () => {
  await startJobs({ pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await stopJobs();
});

describe("pg-boss jobs", () => {
  it("runs on the app database and processes enqueued jobs", async () => {
    expect(getRunningBoss()).not.toBeNull();
    await enqueue("test-echo", { n: 1 });
    await enqueue("test-echo", { n: 2 });
    await waitFor(async () => seen.length >= 2);
    expect(seen.sort()).toEqual([1, 2]);
  });

  it("processes a stored Stripe event through the stripe-event queue", async () => {
    const orgId = uid("org");
    const customerId = uid("cus");
    await db.insert(organizations).values({ id: orgId, name: "Jobs org", stripeCustomerId: customerId });
    fake.state.customers.set(customerId, customerObj(customerId, orgId));
    const ev = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    await storeStripeEvent(ev);
    await enqueueStripeEvent(ev.id);
    const row = await waitFor(async () => {
      const [r] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, ev.id));
      return r?.status === "processed" ? r : null;
    });
    expect(row.attempts).toBe(1);
  });

  it("retries a failing job with its retry limit and marks the last attempt final", async () => {
    await enqueue("test-always-fails", { n: 1 });
    await waitFor(async () => attempts.length >= 3, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(attempts).toEqual([
      { attempt: 1, final: false },
      { attempt: 2, final: false },
      { attempt: 3, final: true },
    ]);
  });

  it("a Stripe event that keeps failing ends `failed` after the last retry", async () => {
    const customerId = uid("cus_missing"); // Stripe answers resource_missing for it every time
    const ev = eventFor("customer.updated", customerObj(customerId, "org_nope"));
    await storeStripeEvent(ev);
    // Same processing the worker does, attempt by attempt (the queue's own backoff is minutes long).
    const { processEvent } = await import("@/lib/stripe/webhooks/process-event");
    expect((await processEvent(ev.id, { final: false })).status).toBe("retry");
    expect((await processEvent(ev.id, { final: true })).status).toBe("failed");
    const [r] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, ev.id));
    expect(r.status).toBe("failed");
    expect(r.attempts).toBe(2);
  });

  it("restarts on an installed schema (queues and schedules already exist)", async () => {
    await stopJobs();
    expect(getRunningBoss()).toBeNull();
    await startJobs({ pollingIntervalSeconds: 0.5 });
    await enqueue("test-echo", { n: 3 });
    await waitFor(async () => seen.includes(3));
  });

  it("runScheduledJobs runs every scheduled job once (sandbox clock jumps)", async () => {
    const out = await runScheduledJobs(["stripe-event-sweeper"]);
    expect(out.ran).toEqual(["stripe-event-sweeper"]);
    expect(out.failed).toEqual([]);
  });
});
