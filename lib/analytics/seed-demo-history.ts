import "server-only";
import { eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { invoices, organizations, subscriptions, usageCounters, usageEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { grantCredits } from "@/lib/credits/grant-credits";
import { calendarMonth } from "@/lib/usage/period";
import { dayOf, monthEnd } from "./days";
import { takeSnapshot } from "./take-snapshot";

/**
 * Demo history for the admin console on a fresh `npm run dev`: eight organisations with six months of
 * believable subscription history (upgrades, a downgrade, a yearly plan, a discount, a churn, a trial
 * that converted, one past due, one trialing, one cancelling), their invoices (some with overage), and
 * month-end snapshots taken through the real path (the mirror is set to each month's state, then
 * takeSnapshot). Idempotent: does nothing when the demo organisations exist.
 *
 * These organisations have no Stripe customer (organizations.stripe_customer_id is null), so the
 * reconciler and "sync from Stripe" leave them alone; their mirror rows are demo data only.
 */
type State = { planKey: string; interval: "month" | "year"; status: string; amountCents: number; discount?: unknown } | null;
type DemoOrg = { key: string; name: string; since: number; state: (k: number) => State; extra?: (k0: Date) => Partial<typeof subscriptions.$inferInsert> };

const starter = (status = "active"): State => ({ planKey: "starter", interval: "month", status, amountCents: 2_900 });
const pro = (status = "active"): State => ({ planKey: "pro", interval: "month", status, amountCents: 9_900 });

const DAY = 86_400_000;

const ORGS: DemoOrg[] = [
  { key: "acme", name: "Acme Analytics", since: -6, state: (k) => (k < -3 ? starter() : pro()) },
  { key: "globex", name: "Globex", since: -6, state: () => ({ planKey: "pro", interval: "year", status: "active", amountCents: 99_000 }) },
  { key: "initech", name: "Initech", since: -5, state: (k) => (k < -2 ? pro() : starter()) },
  {
    key: "umbrella",
    name: "Umbrella Labs",
    since: -4,
    state: () => ({ planKey: "enterprise", interval: "month", status: "active", amountCents: 39_920, discount: [{ coupon: "LAUNCH20", percentOff: 20, amountOffCents: null, duration: "forever" }] }),
  },
  { key: "hooli", name: "Hooli", since: -6, state: (k) => (k < -2 ? starter() : { planKey: "starter", interval: "month", status: "canceled", amountCents: 2_900 }) },
  { key: "stark", name: "Stark Data", since: -2, state: (k) => (k < -1 ? pro("trialing") : pro()) },
  {
    key: "wayne",
    name: "Wayne Metrics",
    since: -3,
    state: (k) => (k < 0 ? starter() : starter("past_due")),
    extra: (t) => ({ pastDueSince: new Date(t.getTime() - 3 * DAY) }),
  },
  { key: "vandelay", name: "Vandelay Industries", since: -2, state: () => pro(), extra: () => ({ cancelAtPeriodEnd: true }) },
  {
    key: "piedpiper",
    name: "Pied Piper",
    since: 0,
    state: () => pro("trialing"),
    extra: (t) => ({ trialEnd: new Date(t.getTime() + 5 * DAY) }),
  },
];

const orgId = (key: string) => `org_hist_${key}`;
const subId = (key: string) => `sub_hist_${key}`;

/** The 10th of the month `k` months from `t` (phase changes happen then), UTC. */
const monthDay = (t: Date, k: number, day = 10) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + k, day));

export async function seedDemoHistory(): Promise<{ created: boolean; organisations: number; snapshots: number }> {
  const ids = ORGS.map((o) => orgId(o.key));
  const existing = await db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids));
  if (existing.length > 0) return { created: false, organisations: existing.length, snapshots: 0 };
  const t = now();
  const today = dayOf(t);

  for (const o of ORGS) {
    await db.insert(organizations).values({ id: orgId(o.key), name: o.name, billingEmail: `billing@${o.key}.example`, createdAt: monthDay(t, o.since, 1), updatedAt: t });
  }

  // Invoices: one paid invoice per active month (on the 10th), overage for the busy ones, an open one for the past-due org.
  const invRows: (typeof invoices.$inferInsert)[] = [];
  for (const o of ORGS) {
    for (let k = o.since; k <= 0; k++) {
      const s = o.state(k);
      const at = monthDay(t, k);
      if (!s || s.status === "trialing" || s.status === "canceled" || at > t) continue;
      if (s.interval === "year" && k !== o.since) continue;
      const overage = (o.key === "acme" && k >= -2) || (o.key === "umbrella" && k >= -1) ? (o.key === "acme" ? 1_240 + 310 * (k + 2) : 4_500) : 0;
      const paid = s.status !== "past_due";
      const total = s.amountCents + overage;
      invRows.push({
        id: `in_hist_${o.key}_${k + 10}`,
        orgId: orgId(o.key),
        customerId: `cus_hist_${o.key}`,
        subscriptionId: subId(o.key),
        status: paid ? "paid" : "open",
        amountDueCents: total,
        amountPaidCents: paid ? total : 0,
        totalCents: total,
        subtotalCents: total,
        currency: "usd",
        periodStart: at,
        periodEnd: monthDay(t, k + (s.interval === "year" ? 12 : 1)),
        number: `HIST-${o.key.toUpperCase()}-${k + 10}`,
        billingReason: k === o.since ? "subscription_create" : "subscription_cycle",
        attemptCount: paid ? 1 : 3,
        created: at,
        paidAt: paid ? new Date(at.getTime() + 60_000) : null,
        lines: [
          { id: `il_${o.key}_${k + 10}_p`, description: `${s.planKey} (${s.interval})`, amountCents: s.amountCents, priceId: null, lookupKey: `${s.planKey}_${s.interval === "year" ? "yearly" : "monthly"}`, quantity: 1, proration: false },
          ...(overage
            ? [{ id: `il_${o.key}_${k + 10}_o`, description: "API calls overage", amountCents: overage, priceId: null, lookupKey: `${s.planKey}_api_calls_overage_monthly`, quantity: overage, proration: false }]
            : []),
        ],
        syncedAt: t,
      });
    }
  }
  if (invRows.length) await db.insert(invoices).values(invRows);

  // Month-end snapshots through the real path: set the mirror to each month's state, then snapshot.
  let snapshots = 0;
  for (let k = -6; k <= 0; k++) {
    for (const o of ORGS) {
      if (k < o.since) continue;
      const s = o.state(k)!;
      const created = monthDay(t, o.since, o.since === 0 ? Math.min(t.getUTCDate(), 10) : 10);
      const periodStart = k === 0 ? monthDay(t, -1) : monthDay(t, k);
      const row = {
        id: subId(o.key),
        orgId: orgId(o.key),
        customerId: `cus_hist_${o.key}`,
        status: s.status,
        planKey: s.planKey,
        interval: s.interval,
        priceId: null,
        quantity: 1,
        amountCents: s.amountCents,
        currency: "usd",
        currentPeriodStart: periodStart,
        currentPeriodEnd: new Date(Math.max(monthDay(t, k + 1).getTime(), t.getTime() + 2 * DAY)),
        discount: s.discount ?? null,
        canceledAt: s.status === "canceled" ? monthDay(t, -2) : null,
        endedAt: s.status === "canceled" ? monthDay(t, -2) : null,
        trialEnd: s.status === "trialing" ? monthDay(t, k + 1, 5) : null,
        createdAt: created > t ? new Date(t.getTime() - DAY) : created,
        syncedAt: t,
        ...(k === 0 && o.extra ? o.extra(t) : {}),
      };
      const { id: _id, ...set } = row;
      await db.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set });
    }
    const day = k === 0 ? today : monthEnd(dayOf(monthDay(t, k)).slice(0, 7));
    await takeSnapshot({ day });
    snapshots++;
  }

  // This period's usage and credits, so the organisations list shows usage vs quota and balances.
  const period = calendarMonth(t);
  const usage: Record<string, number> = { acme: 11_850, globex: 6_200, initech: 740, umbrella: 88_000, stark: 4_100, wayne: 310, vandelay: 2_050, piedpiper: 120 };
  for (const [key, used] of Object.entries(usage)) {
    await db
      .insert(usageCounters)
      .values({ orgId: orgId(key), metric: "api_calls", periodStart: period.start, periodEnd: period.end, used, peak: used, updatedAt: t })
      .onConflictDoNothing();
  }
  const events = [];
  for (let d = 29; d >= 0; d--) {
    const ts = new Date(t.getTime() - d * DAY - 9_000_000); // 2.5 h back: steady daily usage, never "the last hour"
    events.push({ orgId: orgId("acme"), metric: "api_calls", quantity: 250 + ((29 - d) * 13) % 170, idempotencyKey: `hist-${d}`, ts, periodStart: calendarMonth(ts).start, createdAt: ts });
  }
  await db.insert(usageEvents).values(events).onConflictDoNothing();
  for (const [key, amount] of [["acme", 5_000], ["umbrella", 25_000], ["stark", 5_000], ["initech", 1_000]] as const) {
    await grantCredits({ orgId: orgId(key), source: "promotional", amount, idempotencyKey: "demo-history", actor: SYSTEM_ACTOR, reason: "Demo history" });
  }
  const [check] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId("acme")));
  return { created: Boolean(check), organisations: ORGS.length, snapshots };
}
