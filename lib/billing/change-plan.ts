import "server-only";
import type Stripe from "stripe";
import { reportOverage } from "@/lib/usage/report-overage";
import { db, getDbHandle } from "@/db";
import { advisoryKey } from "@/db/advisory-key";
import type { Subscription } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { badRequest, conflict } from "@/lib/errors";
import { nowUnix } from "@/lib/clock";
import { serialiser } from "@/lib/serialise";
import { callStripe } from "@/lib/stripe/call-stripe";
import { getCatalogIds } from "./catalog-ids";
import type { Interval } from "./catalog-schema";
import { requireCurrentSubscription } from "./org-billing";
import { planChangeKind, requirePaidPlan, type ChangeKind } from "./plan-change-kind";
import { mainItemId } from "./preview-plan-change";
import { isChangeableStatus, isOverdueStatus, isTrialStatus } from "./subscription-states";
import { itemsForPlanChange, planItemPrices } from "./subscription-items";
import { syncStripeCustomer, type SyncResult } from "./sync-stripe-customer";

export type ChangePlanInput = {
  orgId: string;
  planKey: string;
  interval: Interval;
  /** The preview's prorationDate, so the charge equals what was shown (must be within the last hour). */
  prorationDate?: number;
  actor: Actor;
  idempotencyKey?: string;
};

export type ChangePlanResult = { kind: ChangeKind | "pending_change_cancelled"; effectiveAt: string; subscriptionId: string; sync: SyncResult };

/**
 * Change plan or interval; planChangeKind says when it applies. Upgrades apply now with
 * `always_invoice` proration (the prorated amount is charged at once; a declined card leaves the
 * subscription unchanged); during a trial every change applies now that way and nothing is charged.
 * Downgrades (a lower plan, any yearly → monthly change) apply at the period end through a
 * subscription schedule (phase 1: current price until the period end; phase 2: the new price) and show
 * as the mirror's `pendingChange`. Choosing the current plan again cancels a pending downgrade. Ends
 * with syncStripeCustomer.
 */
export async function changePlan(input: ChangePlanInput): Promise<ChangePlanResult> {
  return onePlanChangeAtATime(input.orgId, () => changePlanNow(input));
}

/**
 * Plan changes of one organisation run one at a time — in this process (a promise chain) and across
 * processes (a Postgres advisory lock) — and each reads the subscription after the one before it
 * finished and re-synced: concurrent changes computed their item updates from the same stale items
 * and left duplicate overage items on the subscription (tests/reliability/concurrency-plan-change).
 */
const inOrder = serialiser("__billingPlanChanges");
function onePlanChangeAtATime<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
  return inOrder(orgId, async () => (await getDbHandle()).withAdvisoryLock(advisoryKey(`plan:${orgId}`), fn));
}

async function changePlanNow(input: ChangePlanInput): Promise<ChangePlanResult> {
  const sub = await requireCurrentSubscription(input.orgId);
  if (!isChangeableStatus(sub.status)) throw badRequest("This subscription cannot be changed; start a new checkout.", undefined, "subscription_not_changeable");
  requirePaidPlan(input.planKey, input.interval);
  const kind = planChangeKind(sub, input);
  const pending = sub.pendingChange as { planKey?: string; scheduleId?: string | null } | null;
  const ids = await getCatalogIds();
  // Stripe idempotency: a client's Idempotency-Key names one request; without it, retries of the same
  // call against the same mirror state (a double click) share keys, while a later change of mind
  // (schedule, cancel, schedule again within a second) must not replay the first attempt's responses.
  const nonce = input.idempotencyKey ?? `${nowUnix()}:${sub.syncedAt.getTime()}`;
  const key = (suffix: string) => `${sub.id}:${input.planKey}:${input.interval}:${nonce}:${suffix}`;
  let effectiveAt = new Date(nowUnix() * 1000).toISOString();

  if (kind === "none") {
    if (!pending) throw badRequest("The subscription is already on this plan and interval.", undefined, "no_change");
    await clearPending(sub, key("clear"));
    await audit(input, sub, "subscription.pending_change_cancelled", { pendingChange: pending }, { pendingChange: null });
    const sync = await syncStripeCustomer(sub.customerId, { actor: input.actor });
    return { kind: "pending_change_cancelled", effectiveAt, subscriptionId: sub.id, sync };
  }

  // BILLING.md §8: while a payment is overdue the plan stays as it is until the open invoice is paid.
  if (isOverdueStatus(sub.status)) throw conflict("A payment is overdue: pay the open invoice (Billing → Invoices, or make a working card the default) before changing plans.", "payment_overdue");

  if (kind === "upgrade") {
    if (pending) await releaseSchedule(pending.scheduleId ?? null, key("release"));
    // An interval change ends the current period now and invoices it at once (BILLING.md §3): the usage
    // not yet sent to Stripe's meter must be there first, or the cut period's overage is never charged.
    if (input.interval !== sub.interval && sub.status !== "trialing") await reportOverage({ orgId: input.orgId });
    const prorationDate = input.prorationDate && nowUnix() - input.prorationDate < 3600 ? input.prorationDate : nowUnix();
    try {
      await callStripe(
        "subscriptions.update",
        (s, o) =>
          s.subscriptions.update(
            sub.id,
            {
              items: itemsForPlanChange(ids, mirrorItems(sub), mainItemId(sub), sub.quantity, input.planKey, input.interval),
              proration_behavior: "always_invoice",
              proration_date: prorationDate,
              payment_behavior: "error_if_incomplete",
              metadata: { plan_key: input.planKey, interval: input.interval, pending_plan_key: "", pending_interval: "" },
            },
            o,
          ),
        { idempotencyKey: key("upgrade") },
      );
    } catch (err) {
      // A refused upgrade (a declined card) changes nothing: the downgrade that was scheduled before it
      // is scheduled again (lifecycle finding L8), then the refusal goes to the caller.
      const was = pending as { planKey?: string; interval?: Interval } | null;
      if (was?.planKey && was.interval) {
        const again = (suffix: string) => key(`restore:${suffix}`);
        await scheduleDowngrade({ ...sub, pendingChange: null }, planItemPrices(ids, was.planKey as typeof input.planKey, was.interval), was.interval, again);
        await callStripe(
          "subscriptions.update",
          (s, o) => s.subscriptions.update(sub.id, { metadata: { pending_plan_key: was.planKey!, pending_interval: was.interval! } }, o),
          { idempotencyKey: again("mark") },
        );
        await syncStripeCustomer(sub.customerId, { actor: input.actor });
      }
      throw err;
    }
  } else {
    effectiveAt = sub.currentPeriodEnd.toISOString();
    await scheduleDowngrade(sub, planItemPrices(ids, input.planKey, input.interval), input.interval, key);
    await callStripe(
      "subscriptions.update",
      (s, o) => s.subscriptions.update(sub.id, { metadata: { pending_plan_key: input.planKey, pending_interval: input.interval } }, o),
      { idempotencyKey: key("mark") },
    );
  }
  await record(db, {
    actor: input.actor,
    orgId: input.orgId,
    action: kind === "downgrade" ? "subscription.downgrade_scheduled" : isTrialStatus(sub.status) ? "subscription.changed_in_trial" : "subscription.upgraded",
    target: sub.id,
    before: { planKey: sub.planKey, interval: sub.interval },
    after: { planKey: input.planKey, interval: input.interval, effectiveAt },
    event: {
      type: "subscription.plan_changed",
      data: {
        subscription_id: sub.id,
        from_plan: sub.planKey,
        to_plan: input.planKey,
        from_interval: sub.interval,
        to_interval: input.interval,
        effective: kind === "upgrade" ? "now" : "period_end",
        effective_at: effectiveAt,
      },
    },
  });
  const sync = await syncStripeCustomer(sub.customerId, { actor: input.actor });
  return { kind, effectiveAt, subscriptionId: sub.id, sync };
}

/** The mirror's subscription items. */
export function mirrorItems(sub: Subscription) {
  return (sub.items ?? []) as { id: string; priceId: string | null; quantity: number }[];
}

/** A phase's items: the plan price with the subscription's quantity, metered prices without one. */
function phaseItems(prices: { price: string; metric: string | null }[], quantity: number) {
  return prices.map((p) => (p.metric ? { price: p.price } : { price: p.price, quantity }));
}

async function scheduleDowngrade(sub: Subscription, next: { price: string; metric: string | null }[], interval: Interval, key: (s: string) => string) {
  const pending = sub.pendingChange as { scheduleId?: string | null } | null;
  let schedule: Stripe.SubscriptionSchedule;
  if (pending?.scheduleId) {
    schedule = await callStripe("subscriptionSchedules.retrieve", (s, o) => s.subscriptionSchedules.retrieve(pending.scheduleId!, {}, o));
  } else {
    schedule = await callStripe("subscriptionSchedules.create", (s, o) => s.subscriptionSchedules.create({ from_subscription: sub.id }, o), { idempotencyKey: key("schedule") });
  }
  const current = schedule.phases[0];
  const periodEnd = Math.floor(sub.currentPeriodEnd.getTime() / 1000);
  await callStripe(
    "subscriptionSchedules.update",
    (s, o) =>
      s.subscriptionSchedules.update(
        schedule.id,
        {
          end_behavior: "release",
          proration_behavior: "none",
          phases: [
            {
              // Phase 1 keeps exactly the current items (plan and overage) until the period end.
              items: currentPhaseItems(sub, current),
              start_date: current?.start_date ?? Math.floor(sub.currentPeriodStart.getTime() / 1000),
              end_date: periodEnd,
            },
            // Phase 2: exactly the new plan's items, so the renewal prices usage at the new plan.
            { items: phaseItems(next, sub.quantity), duration: { interval, interval_count: 1 } },
          ],
        },
        o,
      ),
    { idempotencyKey: key("phases") },
  );
}

function currentPhaseItems(sub: Subscription, current: Stripe.SubscriptionSchedule.Phase | undefined) {
  const items = mirrorItems(sub).filter((i) => i.priceId);
  const first = current?.items[0]?.price;
  if (!items.length) return [{ price: sub.priceId ?? (typeof first === "string" ? first : String(first?.id)), quantity: sub.quantity }];
  return items.map((i) => (i.priceId === sub.priceId ? { price: i.priceId!, quantity: sub.quantity } : { price: i.priceId! }));
}

async function releaseSchedule(scheduleId: string | null, idempotencyKey: string) {
  if (!scheduleId) return;
  await callStripe("subscriptionSchedules.release", (s, o) => s.subscriptionSchedules.release(scheduleId, {}, o), { idempotencyKey });
}

/** Drop a pending (scheduled) change: release its subscription schedule and clear the pending marks. */
export async function clearPending(sub: Subscription, idempotencyKey: string) {
  const pending = sub.pendingChange as { scheduleId?: string | null } | null;
  await releaseSchedule(pending?.scheduleId ?? null, `${idempotencyKey}:release`);
  await callStripe("subscriptions.update", (s, o) => s.subscriptions.update(sub.id, { metadata: { pending_plan_key: "", pending_interval: "" } }, o), { idempotencyKey });
}

function audit(input: ChangePlanInput, sub: Subscription, action: string, before: unknown, after: unknown) {
  return record(db, { actor: input.actor, orgId: input.orgId, action, target: sub.id, before, after });
}
