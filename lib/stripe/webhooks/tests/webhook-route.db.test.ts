import { NextRequest } from "next/server";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, creditBalances, creditGrants, notifications, invoices, organizations, paymentMethods, stripeEvents, subscriptions } from "@/db/schema";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { createFakeStripe, customerObj, invoiceObj, paymentMethodObj, subscriptionObj } from "./fake-stripe";
import { eventFor, fixture, sign, uid } from "./fixtures";

const holder = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/stripe/client", async (orig) => ({ ...(await orig<object>()), getStripe: () => holder.client }));

const { POST } = await import("@/app/api/webhooks/stripe/route");
const { processEvent } = await import("../process-event");
const { replayEvent, replayFailedEvents, sweepStuckEvents } = await import("../replay-events");
const { storeStripeEvent } = await import("../store-event");

const fake = createFakeStripe();
holder.client = fake.client;

async function post(body: string, headers: Record<string, string> = {}) {
  const req = new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const res = await POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function deliver(event: object) {
  const payload = JSON.stringify(event);
  return post(payload, { "stripe-signature": sign(payload) });
}

async function eventRow(id: string) {
  const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return row;
}

async function newOrg() {
  const orgId = uid("org");
  const customerId = uid("cus");
  await db.insert(organizations).values({ id: orgId, name: "Test org", stripeCustomerId: customerId });
  fake.state.customers.set(customerId, customerObj(customerId, orgId));
  return { orgId, customerId };
}

beforeAll(() => {
  holder.client = fake.client;
});
beforeEach(() => {
  fake.failNextCalls(0);
});

describe("signature verification", () => {
  it("rejects a missing signature with 400 and stores nothing", async () => {
    const ev = eventFor("customer.updated", customerObj(uid("cus"), "org_x"));
    const res = await post(JSON.stringify(ev));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "missing_signature", message: expect.any(String) } });
    expect(await eventRow(ev.id)).toBeUndefined();
  });

  it("rejects a tampered body, a wrong secret and an expired signature", async () => {
    const ev = eventFor("customer.updated", customerObj(uid("cus"), "org_x"));
    const payload = JSON.stringify(ev);
    const tampered = await post(payload.replace('"customer.updated"', '"customer.deleted"'), { "stripe-signature": sign(payload) });
    expect(tampered.status).toBe(400);
    expect((tampered.body.error as { code: string }).code).toBe("invalid_signature");
    const wrong = await post(payload, { "stripe-signature": sign(payload, { secret: "whsec_other" }) });
    expect(wrong.status).toBe(400);
    expect((wrong.body.error as { code: string }).code).toBe("invalid_signature");
    const expired = await post(payload, { "stripe-signature": sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }) });
    expect(expired.status).toBe(400);
    expect((expired.body.error as { code: string }).code).toBe("signature_expired");
    const garbage = await post(payload, { "stripe-signature": "t=1,v1=deadbeef" });
    expect(garbage.status).toBe(400);
    expect(await eventRow(ev.id)).toBeUndefined();
  });

  // Issue 14 finding 6: a signed event with 5,000 levels of nesting was a 500 (stack overflow storing it).
  it("refuses a correctly signed event nested 5,000 levels deep with a 400, and stores nothing", async () => {
    const ev = eventFor("customer.updated", customerObj(uid("cus"), "org_x"));
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    const payload = JSON.stringify(ev).replace(/}$/, `,"extra":${deep}}`);
    const res = await post(payload, { "stripe-signature": sign(payload) });
    expect(res.status).toBe(400);
    expect((res.body.error as { code: string }).code).toBe("invalid_event");
    expect(await eventRow(ev.id)).toBeUndefined();
    // Brackets inside strings are text, not nesting: such an event is stored as usual.
    const ok = eventFor("customer.updated", { ...customerObj(uid("cus"), "org_x"), description: "[".repeat(5_000) });
    expect((await deliver(ok)).status).toBe(200);
  });

  // Issue 14 weaknesses: the SDK checks only the age of a signature, and nothing checked livemode.
  it("refuses a signature dated in the future and an event whose livemode is not this installation's", async () => {
    const ev = eventFor("customer.updated", customerObj(uid("cus"), "org_x"));
    const payload = JSON.stringify(ev);
    const future = await post(payload, { "stripe-signature": sign(payload, { timestamp: Math.floor(Date.now() / 1000) + 3_600 }) });
    expect([future.status, (future.body.error as { code: string }).code]).toEqual([400, "signature_in_future"]);
    // A little ahead (clock skew between Stripe and us) is fine.
    expect((await post(payload, { "stripe-signature": sign(payload, { timestamp: Math.floor(Date.now() / 1000) + 60 }) })).status).toBe(200);
    // The sandbox (and a test key) is test mode: a live event is refused, unstored.
    const live = { ...eventFor("customer.updated", customerObj(uid("cus"), "org_x")), livemode: true };
    const res = await deliver(live);
    expect([res.status, (res.body.error as { code: string }).code]).toEqual([400, "livemode_mismatch"]);
    expect(await eventRow(live.id)).toBeUndefined();
  });

  it("rejects a correctly signed body that is not JSON or not an event", async () => {
    const notJson = "{not json";
    const res = await post(notJson, { "stripe-signature": sign(notJson) });
    expect(res.status).toBe(400);
    expect((res.body.error as { code: string }).code).toBe("invalid_json");
    const notEvent = JSON.stringify({ hello: "world" });
    const res2 = await post(notEvent, { "stripe-signature": sign(notEvent) });
    expect(res2.status).toBe(400);
    expect((res2.body.error as { code: string }).code).toBe("invalid_event");
  });
});

describe("store, acknowledge, process once", () => {
  it("stores a valid event, answers 200 and processes it in the background", async () => {
    const { orgId, customerId } = await newOrg();
    const ev = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    const res = await deliver(ev);
    expect(res).toEqual({ status: 200, body: { received: true, duplicate: false } });
    await drainInlineJobs();
    const row = await eventRow(ev.id);
    expect(row.status).toBe("processed");
    expect(row.attempts).toBe(1);
    expect(row.customerId).toBe(customerId);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "customer.created")));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorType).toBe("webhook");
    expect(audits[0].actorId).toBe(ev.id);
  });

  it("acknowledges a duplicate delivery without storing or processing it again", async () => {
    const { customerId } = await newOrg();
    const ev = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    const before = fake.calls.syncs;
    const results = await Promise.all([deliver(ev), deliver(ev), deliver(ev)]);
    await drainInlineJobs();
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(results.filter((r) => r.body.duplicate === true)).toHaveLength(2);
    const again = await deliver(ev);
    expect(again.body).toEqual({ received: true, duplicate: true });
    await drainInlineJobs();
    const rows = await db.select().from(stripeEvents).where(eq(stripeEvents.id, ev.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].attempts).toBe(1);
    expect(fake.calls.syncs - before).toBe(1);
  });

  it("runs the handler once when one event is processed concurrently", async () => {
    const { customerId } = await newOrg();
    const ev = eventFor("customer.subscription.updated", subscriptionObj(uid("sub"), customerId));
    expect((await storeStripeEvent(ev)).stored).toBe(true);
    const before = fake.calls.syncs;
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => processEvent(ev.id)));
    expect(outcomes.filter((o) => o.status === "processed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "skipped")).toHaveLength(7);
    expect(fake.calls.syncs - before).toBe(1);
    expect(await processEvent(ev.id)).toEqual({ status: "skipped", reason: "already_processed" });
    expect(await processEvent("evt_missing_" + uid("x"))).toEqual({ status: "skipped", reason: "not_found" });
  });

  it("stores and acknowledges unknown event types with a note", async () => {
    const ev = eventFor("plan.created", fixture("plan"));
    const res = await deliver(ev);
    expect(res.status).toBe(200);
    await drainInlineJobs();
    const row = await eventRow(ev.id);
    expect(row.status).toBe("processed");
    expect(row.note).toBe("no handler for plan.created; stored and acknowledged");
  });

  it("goes back to pending on a non-final failure, to failed on the final one, and replays", async () => {
    const { customerId } = await newOrg();
    const ev = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    await storeStripeEvent(ev);
    fake.failNextCalls(1);
    const first = await processEvent(ev.id, { final: false });
    expect(first.status).toBe("retry");
    expect((await eventRow(ev.id)).status).toBe("pending");
    fake.failNextCalls(1);
    const second = await processEvent(ev.id, { final: true });
    expect(second.status).toBe("failed");
    const failed = await eventRow(ev.id);
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toContain("rejected this request");
    const replayed = await replayEvent(ev.id);
    expect(replayed.status).toBe("processed");
    const row = await eventRow(ev.id);
    expect(row.status).toBe("processed");
    expect(row.attempts).toBe(3);
    expect(row.lastError).toBeNull();
  });

  it("replayFailedEvents retries every failed event", async () => {
    const { customerId } = await newOrg();
    const evs = [0, 1].map(() => eventFor("customer.updated", fake.state.customers.get(customerId)!));
    for (const ev of evs) await storeStripeEvent(ev);
    fake.failNextCalls(2);
    for (const ev of evs) expect((await processEvent(ev.id)).status).toBe("failed");
    const out = await replayFailedEvents();
    expect(out.replayed).toBeGreaterThanOrEqual(2);
    for (const ev of evs) expect((await eventRow(ev.id)).status).toBe("processed");
  });

  it("the sweeper re-queues events left pending and unsticks processing ones", async () => {
    const { customerId } = await newOrg();
    const old = new Date(Date.now() - 60 * 60_000);
    const ev1 = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    const ev2 = eventFor("customer.updated", fake.state.customers.get(customerId)!);
    await storeStripeEvent(ev1);
    await storeStripeEvent(ev2);
    await db.update(stripeEvents).set({ receivedAt: old }).where(eq(stripeEvents.id, ev1.id));
    await db.update(stripeEvents).set({ status: "processing", processingStartedAt: old, receivedAt: old }).where(eq(stripeEvents.id, ev2.id));
    const out = await sweepStuckEvents();
    expect(out.unstuck).toBeGreaterThanOrEqual(1);
    await drainInlineJobs();
    expect((await eventRow(ev1.id)).status).toBe("processed");
    expect((await eventRow(ev2.id)).status).toBe("processed");
  });
});

describe("ordering, duplicates and side effects", () => {
  async function mirrorOf(customerId: string) {
    const subs = await db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId));
    const invs = await db.select().from(invoices).where(eq(invoices.customerId, customerId));
    const pms = await db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId));
    return {
      subs: subs.map((s) => ({ status: s.status, planKey: s.planKey, interval: s.interval, amountCents: s.amountCents, periodEnd: s.currentPeriodEnd.toISOString(), pastDue: s.pastDueSince !== null })),
      invs: invs.map((i) => ({ status: i.status, amountPaidCents: i.amountPaidCents, totalCents: i.totalCents })).sort((a, b) => a.status.localeCompare(b.status)),
      pms: pms.map((p) => ({ last4: p.last4, isDefault: p.isDefault })),
    };
  }

  /** Build a customer whose Stripe state went: subscribed → upgraded → renewal failed → paid. */
  const NOW = Math.floor(Date.now() / 1000);
  async function history() {
    const { orgId, customerId } = await newOrg();
    const subId = uid("sub");
    const pmId = uid("pm");
    const t0 = NOW - 40 * 86_400;
    const events = [
      eventFor("customer.created", customerObj(customerId, orgId)),
      eventFor("customer.subscription.created", subscriptionObj(subId, customerId, { lookupKey: "starter_monthly", unitAmount: 2900, status: "trialing", start: t0 })),
      eventFor("payment_method.attached", paymentMethodObj(pmId, customerId)),
      eventFor("customer.subscription.updated", subscriptionObj(subId, customerId, { lookupKey: "pro_monthly", unitAmount: 9900, start: t0 })),
      eventFor("invoice.payment_failed", invoiceObj(uid("in"), customerId, subId, { status: "open", attempt: 1 })),
      eventFor("customer.subscription.updated", subscriptionObj(subId, customerId, { lookupKey: "pro_monthly", status: "past_due", start: t0 + 30 * 86_400 })),
    ];
    // Stripe's state "now": the final one.
    const now = NOW;
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { lookupKey: "pro_yearly", unitAmount: 99000, interval: "year", status: "active", start: now - 86_400, end: now + 364 * 86_400 }));
    fake.state.invoices.set(`in_a_${subId}`, invoiceObj(`in_a_${subId}`, customerId, subId, { status: "paid", amount: 9900 }));
    fake.state.invoices.set(`in_b_${subId}`, invoiceObj(`in_b_${subId}`, customerId, subId, { status: "paid", amount: 99000 }));
    fake.state.paymentMethods.set(pmId, paymentMethodObj(pmId, customerId));
    fake.state.customers.set(customerId, customerObj(customerId, orgId, { invoice_settings: { default_payment_method: pmId } }));
    return { orgId, customerId, subId, events };
  }

  it("shuffled, duplicated deliveries end in the same mirror as in-order delivery", async () => {
    const inOrder = await history();
    for (const ev of inOrder.events) {
      await deliver(ev);
      await drainInlineJobs();
    }
    const shuffled = await history();
    const deliveries = [...shuffled.events, ...shuffled.events, shuffled.events[2]].sort(() => Math.random() - 0.5);
    await Promise.all(deliveries.map((ev) => deliver(ev)));
    await drainInlineJobs();
    const a = await mirrorOf(inOrder.customerId);
    const b = await mirrorOf(shuffled.customerId);
    expect(a.subs).toHaveLength(1);
    expect(a.subs[0]).toMatchObject({ status: "active", planKey: "pro", interval: "year", amountCents: 99000, pastDue: false });
    expect(a.invs).toHaveLength(2);
    expect(a.pms).toEqual([{ last4: "4242", isDefault: true }]);
    expect(b).toEqual(a);
    const statuses = await db.select({ status: stripeEvents.status }).from(stripeEvents).where(inArray(stripeEvents.id, shuffled.events.map((e) => e.id)));
    expect(statuses.map((s) => s.status)).toEqual(shuffled.events.map(() => "processed"));
  });

  it("checkout.session.completed racing customer.subscription.created creates one subscription row", async () => {
    const { orgId, customerId } = await newOrg();
    const subId = uid("sub");
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { status: "trialing" }));
    const session = fixture("checkout.session", { id: uid("cs"), mode: "subscription", customer: customerId, subscription: subId, payment_status: "no_payment_required", metadata: { org_id: orgId } });
    const evs = [eventFor("checkout.session.completed", session), eventFor("customer.subscription.created", fake.state.subscriptions.get(subId)!)];
    await Promise.all([deliver(evs[0]), deliver(evs[1]), deliver(evs[0]), deliver(evs[1])]);
    await drainInlineJobs();
    const rows = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(subId);
    expect(rows[0].status).toBe("trialing");
    const created = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "subscription.created")));
    expect(created).toHaveLength(1);
  });

  it("a credit pack paid once is granted once, whatever the deliveries", async () => {
    const { orgId, customerId } = await newOrg();
    const sessionId = uid("cs");
    const session = fixture("checkout.session", { id: sessionId, mode: "payment", customer: customerId, payment_status: "paid", metadata: { org_id: orgId, pack_key: "pack_5000" } });
    fake.state.checkoutSessions.set(sessionId, session);
    const ev1 = eventFor("checkout.session.completed", session);
    const ev2 = eventFor("checkout.session.completed", session); // Stripe resent it under a new event id
    await Promise.all([deliver(ev1), deliver(ev1), deliver(ev2), deliver(ev2)]);
    await drainInlineJobs();
    await replayEvent(ev1.id);
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ source: "purchased", amount: 5000, remaining: 5000, idempotencyKey: `pack:${sessionId}` });
    const [{ balance }] = await db.select().from(creditBalances).where(eq(creditBalances.orgId, orgId));
    expect(balance).toBe(5000);
  });

  it("an unpaid pack session grants nothing", async () => {
    const { orgId, customerId } = await newOrg();
    const session = fixture("checkout.session", { id: uid("cs"), mode: "payment", customer: customerId, payment_status: "unpaid", metadata: { org_id: orgId, pack_key: "pack_1000" } });
    fake.state.checkoutSessions.set(session.id as string, session);
    const ev = eventFor("checkout.session.completed", session);
    await deliver(ev);
    await drainInlineJobs();
    expect(await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId))).toHaveLength(0);
    expect((await eventRow(ev.id)).note).toContain("payment_status unpaid");
  });

  // Issue 14 finding 4: a correctly signed checkout.session.completed whose body claims a paid pack
  // gave an organisation 1,000 credits, without Stripe knowing of any such payment.
  it("a forged pack session grants nothing: the session is read back from Stripe, and Stripe's word decides", async () => {
    const { orgId, customerId } = await newOrg();
    const forged = fixture("checkout.session", { id: uid("cs"), mode: "payment", customer: customerId, payment_status: "paid", metadata: { org_id: orgId, pack_key: "pack_1000" } });
    const ev = eventFor("checkout.session.completed", forged);
    await deliver(ev);
    await drainInlineJobs();
    expect(await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId))).toHaveLength(0);
    expect((await eventRow(ev.id)).note).toContain("unknown to Stripe");
    // A real session at Stripe that is not paid, delivered with a body claiming it is: nothing either.
    const real = fixture("checkout.session", { id: uid("cs"), mode: "payment", customer: customerId, payment_status: "unpaid", metadata: { org_id: orgId, pack_key: "pack_1000" } });
    fake.state.checkoutSessions.set(real.id as string, real);
    const tampered = eventFor("checkout.session.completed", { ...real, payment_status: "paid" });
    await deliver(tampered);
    await drainInlineJobs();
    expect(await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId))).toHaveLength(0);
    expect((await eventRow(tampered.id)).note).toContain("payment_status unpaid");
  });

  it("invoice.paid grants the period's included credits once and notifies a restored org", async () => {
    const { orgId, customerId } = await newOrg();
    const subId = uid("sub");
    const start = Math.floor(Date.now() / 1000) - 3600;
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { status: "past_due", start }));
    await deliver(eventFor("customer.subscription.updated", fake.state.subscriptions.get(subId)!));
    await drainInlineJobs();
    const [pd] = await db.select().from(subscriptions).where(eq(subscriptions.id, subId));
    expect(pd.status).toBe("past_due");
    expect(pd.pastDueSince).not.toBeNull();
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { status: "active", start }));
    const inv = invoiceObj(uid("in"), customerId, subId, { status: "paid", start });
    fake.state.invoices.set(inv.id as string, inv);
    const ev = eventFor("invoice.paid", inv);
    await Promise.all([deliver(ev), deliver(ev), deliver(eventFor("invoice.paid", inv))]);
    await drainInlineJobs();
    const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ source: "subscription", amount: 5000, idempotencyKey: `sub:${subId}:${start}` });
    expect(grants[0].expiresAt?.getTime()).toBe((start + 30 * 86_400) * 1000);
    const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.id, subId));
    expect(sub.status).toBe("active");
    expect(sub.pastDueSince).toBeNull();
    const notes = await db.select().from(notifications).where(eq(notifications.orgId, orgId));
    // The recovery notice, and the receipt every paid invoice above $0 gets (docs/BILLING.md §8).
    expect(notes.map((n) => n.kind).sort()).toEqual(["payment_recovered", "receipt"]);
  });

  it("trial_will_end notifies once; a dispute is audited; a detached card leaves the mirror", async () => {
    const { orgId, customerId } = await newOrg();
    const subId = uid("sub");
    const trialEnd = Math.floor(Date.now() / 1000) + 3 * 86_400;
    fake.state.subscriptions.set(subId, subscriptionObj(subId, customerId, { status: "trialing", extra: { trial_end: trialEnd, metadata: { plan_key: "pro" } } }));
    const pmId = uid("pm");
    fake.state.paymentMethods.set(pmId, paymentMethodObj(pmId, customerId, "1111"));
    const trial = eventFor("customer.subscription.trial_will_end", fake.state.subscriptions.get(subId)!);
    await Promise.all([deliver(trial), deliver(trial), deliver(eventFor("customer.subscription.trial_will_end", fake.state.subscriptions.get(subId)!))]);
    await drainInlineJobs();
    const notes = await db.select().from(notifications).where(eq(notifications.orgId, orgId));
    expect(notes.map((n) => n.kind)).toEqual(["trial_ending"]);
    expect(await db.select().from(paymentMethods).where(eq(paymentMethods.orgId, orgId))).toHaveLength(1);

    const chargeId = uid("ch");
    fake.state.charges.set(chargeId, fixture("charge", { id: chargeId, customer: customerId }));
    const dispute = fixture("dispute", { id: uid("dp"), charge: chargeId, amount: 9900, currency: "usd", reason: "fraudulent", status: "needs_response" });
    await deliver(eventFor("charge.dispute.created", dispute));
    await drainInlineJobs();
    const disputes = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "charge.disputed")));
    expect(disputes).toHaveLength(1);
    expect(disputes[0].after).toMatchObject({ charge: chargeId, amountCents: 9900, reason: "fraudulent" });

    const detachedPm = { ...fake.state.paymentMethods.get(pmId)!, customer: null };
    fake.state.paymentMethods.delete(pmId);
    const detached = eventFor("payment_method.detached", detachedPm, {});
    (detached.data as { previous_attributes?: unknown }).previous_attributes = { customer: customerId };
    await deliver(detached);
    await drainInlineJobs();
    expect(await db.select().from(paymentMethods).where(eq(paymentMethods.orgId, orgId))).toHaveLength(0);
    const gone = await db.select().from(auditLog).where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, "payment_method.detached")));
    expect(gone).toHaveLength(1);
  });
});
