import { NextRequest } from "next/server";
import { eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { creditGrants, invoices, notifications, paymentMethods, stripeEvents, subscriptions } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { resolveOrgPlan, invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { signPayload } from "@billing-kit/stripe-sandbox";
import { sandbox } from "@/tests/sandbox";
import { lifecycleOrg } from "@/lib/billing/tests/lifecycle-helpers";

/**
 * Issue 8: "1,000 events delivered twice in shuffled order → the same final state as in order".
 * Two identical worlds of organisations go through the same real sandbox scenarios (trials, renewals,
 * a failing renewal, a failed renewal then paid, a credit pack, an upgrade), so Stripe produces the same
 * kinds of events for both.
 * World A receives its events once each, in the order Stripe created them; world B receives every
 * event twice, shuffled, 16 deliveries at a time. Each B organisation must end exactly like its A twin:
 * subscription, invoices, cards, credit grants, notifications and the effective plan.
 */
const PAIRS = 45;
const DAY = 86_400_000;
const actor = { type: "user" as const, id: "user_shuffled" };

type World = { orgId: string; customerId: string; kind: number }[];
const lifecycleStripe = async () => ({ stripe: (await import("@/lib/stripe/client")).getStripe() });

/** Scenario i (the same for both twins): what the organisation does with Stripe. */
async function play(i: number, world: "A" | "B") {
  const { orgId, customerId, stripe } = await lifecycleOrg(`Shuffled ${world}${i}`, actor);
  const ids = await getCatalogIds();
  const card = async (number: string) => {
    const pm = await stripe.paymentMethods.create({ type: "card", card: { number, exp_month: 12, exp_year: 2040, cvc: "123" } });
    await stripe.paymentMethods.attach(pm.id, { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
    return pm.id;
  };
  await card("4242424242424242");
  const kind = i % 5;
  const plan = (["starter", "pro", "enterprise", "pro", "pro"] as const)[kind];
  const sub = await stripe.subscriptions.create({
    customer: customerId,
    items: [{ price: ids.priceId(plan, "month") }],
    ...(kind === 1 ? { trial_period_days: 14 } : {}),
    metadata: { org_id: orgId, plan_key: plan },
  });
  if (kind === 2 || kind === 4) {
    // The renewal will be charged to a card that declines: past_due after the clock moves (kind 4 then pays).
    const bad = await card("4000000000000341");
    await stripe.subscriptions.update(sub.id, { default_payment_method: bad });
  }
  if (kind === 3) {
    const pack = catalog.creditPacks[i % catalog.creditPacks.length]!;
    const { id } = await createPaymentCheckout({ orgId, packKey: pack.key, actor });
    expect(await (await sandbox()).views.checkout.complete(id, { card: { number: "4242424242424242" } })).toMatchObject({ ok: true });
    await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: ids.priceId("enterprise", "month") }],
      proration_behavior: "always_invoice",
      metadata: { plan_key: "enterprise" },
    });
  }
  return { orgId, customerId, kind };
}

/** Kind 4 after the failed renewal: a good card pays the open invoice (past_due → active, "recovered"). */
async function recover(o: { orgId: string; customerId: string; kind: number }) {
  if (o.kind !== 4) return;
  const stripe = (await lifecycleStripe()).stripe;
  const live = (await stripe.subscriptions.list({ customer: o.customerId })).data[0]!;
  const open = (await stripe.invoices.list({ customer: o.customerId, status: "open" })).data[0]!;
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: o.customerId });
  await stripe.subscriptions.update(live.id, { default_payment_method: pm.id });
  await stripe.invoices.pay(open.id!, { payment_method: pm.id });
}

/** One organisation's final state, without ids and timestamps (twins have different ones). */
async function stateOf(orgId: string) {
  invalidateOrgPlan(orgId);
  const subs = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
  const invs = await db.select().from(invoices).where(eq(invoices.orgId, orgId));
  const pms = await db.select().from(paymentMethods).where(eq(paymentMethods.orgId, orgId));
  const grants = await db.select().from(creditGrants).where(eq(creditGrants.orgId, orgId));
  const notes = await db.select().from(notifications).where(eq(notifications.orgId, orgId));
  const plan = await resolveOrgPlan(orgId);
  const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    subs: sorted(subs.map((s) => ({ status: s.status, plan: s.planKey, interval: s.interval, amount: s.amountCents, cancel: s.cancelAtPeriodEnd, pastDue: s.pastDueSince !== null }))),
    invoices: sorted(invs.map((i) => ({ status: i.status, reason: i.billingReason, total: i.totalCents, paid: i.amountPaidCents, attempts: i.attemptCount }))),
    cards: sorted(pms.map((p) => ({ last4: p.last4, isDefault: p.isDefault }))),
    grants: sorted(grants.map((g) => ({ source: g.source, amount: g.amount, remaining: g.remaining }))),
    notifications: sorted(notes.map((n) => n.kind)),
    plan: { key: plan.plan.key, restricted: plan.restricted },
  };
}

async function deliver(payload: string) {
  const headers = { "content-type": "application/json; charset=utf-8", "stripe-signature": signPayload(payload, (await sandbox()).testing.webhookSecret, Math.floor(Date.now() / 1000)) };
  const res = await POST(new NextRequest("http://localhost/api/webhooks/stripe", { method: "POST", headers, body: payload }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
}

describe("1,000 webhook events delivered twice, shuffled", () => {
  it(
    "end in the same state, organisation by organisation, as the same events delivered once in order",
    { timeout: 900_000 },
    async () => {
      const A: World = [];
      const B: World = [];
      for (let i = 0; i < PAIRS; i++) {
        A.push(await play(i, "A"));
        B.push(await play(i, "B"));
      }
      // A month later: renewals (one declined per failing twin), trial ends.
      await (await sandbox()).clock.advance(35 * DAY);
      for (let i = 0; i < PAIRS; i++) {
        await recover(A[i]!);
        await recover(B[i]!);
      }

      // What Stripe sends, in the order it created it (nothing was delivered yet: tests deliver by hand).
      const outbox = await (await sandbox()).testing.outbox();
      const worldOf = new Map<string, "A" | "B">([...A.map((o) => [o.customerId, "A"] as const), ...B.map((o) => [o.customerId, "B"] as const)]);
      const customerOf = (e: (typeof outbox)[number]) => {
        const obj = (e.data as unknown as Stripe.Event).data.object as { object?: string; id?: string; customer?: string | { id: string } | null };
        return obj.object === "customer" ? obj.id! : typeof obj.customer === "string" ? obj.customer : (obj.customer?.id ?? null);
      };
      const eventsA = outbox.filter((e) => worldOf.get(customerOf(e) ?? "") === "A");
      const eventsB = outbox.filter((e) => worldOf.get(customerOf(e) ?? "") === "B");
      expect(eventsB.length).toBeGreaterThanOrEqual(1_000);
      expect(eventsB.length).toBe(eventsA.length);

      for (const e of eventsA) {
        await deliver(JSON.stringify(e.data));
        await drainInlineJobs();
      }
      const twice = [...eventsB, ...eventsB].map((e) => JSON.stringify(e.data)).sort(() => Math.random() - 0.5);
      for (let k = 0; k < twice.length; k += 16) await Promise.all(twice.slice(k, k + 16).map(deliver));
      await drainInlineJobs();

      const rows = await db.select({ id: stripeEvents.id, status: stripeEvents.status, err: stripeEvents.lastError }).from(stripeEvents).where(inArray(stripeEvents.id, eventsB.map((e) => e.id)));
      expect(rows.length).toBe(eventsB.length); // stored once each
      expect(rows.filter((r) => r.status !== "processed")).toEqual([]);

      const kinds = new Set<string>();
      for (let i = 0; i < PAIRS; i++) {
        const a = await stateOf(A[i]!.orgId);
        const b = await stateOf(B[i]!.orgId);
        expect(b, `pair ${i}`).toEqual(a);
        kinds.add(`${a.plan.key}/${JSON.parse(a.subs[0]!).status}`);
      }
      // The scenarios reached the states they were meant to (so the comparison is not of empty worlds).
      expect([...kinds].sort()).toEqual(["enterprise/active", "enterprise/past_due", "pro/active", "starter/active"]);
      const recovered = await stateOf(B[4]!.orgId);
      expect(recovered.notifications.map((n) => JSON.parse(n) as string)).toContain("payment_recovered");
    },
  );
});
