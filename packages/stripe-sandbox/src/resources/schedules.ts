import { nowUnix } from "../runtime";
import type { Ctx, RouteDef } from "../router";
import { invalidRequest, missingParam } from "../errors";
import type { FormObject } from "../form";
import { arr, int, mergeMetadata, oneOf, str } from "../params";
import type { Session } from "../session";
import { build, stripeId, type StripeObj } from "../shapes";
import { findObject, getObject, insertObject, saveObject } from "../store";
import { loadRecurringPrice } from "../billing/changes";
import { itemsOf, periodOf, planFromPrice, recurringOf } from "../billing/subscription-engine";
import { listResponse } from "./common";
import { addInterval } from "../billing/money";

/**
 * Subscription schedules, the subset the app uses: `from_subscription`, then phases (current price
 * until the period end, the new price after), `end_behavior: release`. The phase switch happens at
 * renewal (billing/due-work.ts calls applySchedulePhase).
 */
type Phase = { start_date: number; end_date: number; items: { price: string; quantity: number | null }[]; proration_behavior: string };

function phaseObject(p: Phase, currency: string) {
  return {
    add_invoice_items: [], application_fee_percent: null, billing_cycle_anchor: null, billing_thresholds: null, collection_method: null, currency,
    default_payment_method: null, default_tax_rates: [], description: null, discounts: [], end_date: p.end_date, invoice_settings: null,
    items: p.items.map((i) => ({ billing_thresholds: null, discounts: [], metadata: {}, plan: i.price, price: i.price, ...(i.quantity === null ? {} : { quantity: i.quantity }), tax_rates: [] })),
    metadata: {}, on_behalf_of: null, proration_behavior: p.proration_behavior, start_date: p.start_date, transfer_data: null, trial_end: null,
  };
}

async function create(ctx: Ctx) {
  const subId = str(ctx.params, "from_subscription");
  if (!subId) throw missingParam("from_subscription");
  const sub = await getObject(ctx.tx, subId, "subscription", "from_subscription");
  if (sub.schedule) throw invalidRequest(`You cannot migrate a subscription that is already attached to a schedule: \`${String(sub.schedule)}\`.`, "from_subscription");
  const period = periodOf(sub);
  const phase: Phase = {
    start_date: period.start, end_date: period.end, proration_behavior: "create_prorations",
    items: itemsOf(sub).map((it) => ({ price: it.price.id, quantity: it.quantity ?? null })),
  };
  const sched = build("subscription_schedule", {
    id: stripeId("sub_sched"), object: "subscription_schedule", created: nowUnix(), customer: sub.customer, subscription: sub.id,
    status: "active", end_behavior: "release", phases: [phaseObject(phase, sub.currency as string)], current_phase: { start_date: period.start, end_date: period.end },
    canceled_at: null, completed_at: null, released_at: null, released_subscription: null, metadata: mergeMetadata({}, ctx.params),
  });
  await insertObject(ctx.tx, sched);
  sub.schedule = sched.id;
  await saveObject(ctx.tx, sub);
  await ctx.emit("subscription_schedule.created", sched);
  return sched;
}

async function update(ctx: Ctx) {
  const sched = await getObject(ctx.tx, ctx.pathParams.id, "subscription_schedule");
  if (sched.status !== "active" && sched.status !== "not_started") throw invalidRequest(`You cannot update a subscription schedule that is ${String(sched.status)}.`);
  const end = oneOf(ctx.params, "end_behavior", ["release", "cancel"] as const);
  if (end) sched.end_behavior = end;
  const phases = arr(ctx.params, "phases");
  if (phases) {
    const out = [];
    let prevEnd: number | null = null;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i] as FormObject;
      const items = (arr(p, "items") ?? []) as FormObject[];
      if (!items.length) throw missingParam(`phases[${i}][items]`);
      const checked = [];
      let firstPrice: StripeObj | undefined;
      for (let j = 0; j < items.length; j++) {
        const price = await loadRecurringPrice(ctx, str(items[j], "price") ?? "", `phases[${i}][items][${j}][price]`);
        firstPrice ??= price;
        checked.push({ price: price.id, quantity: int(items[j], "quantity") ?? (recurringOf(price).usage_type === "metered" ? null : 1) });
      }
      const start: number | null = str(p, "start_date") === "now" ? nowUnix() : (int(p, "start_date") ?? prevEnd);
      if (start === null) throw missingParam(`phases[${i}][start_date]`);
      // a phase without an end date lasts one billing period of its first price (Stripe's default duration)
      const r = recurringOf(firstPrice!);
      const endDate: number = int(p, "end_date") ?? addInterval(start, r.interval, r.interval_count);
      if (endDate <= start) throw invalidRequest("The phase end_date must be after its start_date.", `phases[${i}][end_date]`);
      out.push(phaseObject({ start_date: start, end_date: endDate, items: checked, proration_behavior: str(p, "proration_behavior") ?? str(ctx.params, "proration_behavior") ?? "create_prorations" }, "usd"));
      prevEnd = endDate;
    }
    sched.phases = out;
  }
  sched.metadata = mergeMetadata(sched.metadata as Record<string, string>, ctx.params);
  await saveObject(ctx.tx, sched);
  await ctx.emit("subscription_schedule.updated", sched);
  return sched;
}

async function release(ctx: Ctx) {
  const sched = await getObject(ctx.tx, ctx.pathParams.id, "subscription_schedule");
  if (sched.status !== "active" && sched.status !== "not_started") throw invalidRequest(`You cannot release a subscription schedule that is currently in the \`${String(sched.status)}\` status.`);
  await releaseSchedule(ctx, sched);
  return sched;
}

export async function releaseSchedule(s: Session, sched: StripeObj) {
  sched.status = "released";
  sched.released_at = nowUnix();
  sched.released_subscription = sched.subscription;
  sched.subscription = null;
  sched.current_phase = null;
  await saveObject(s.tx, sched);
  const sub = typeof sched.released_subscription === "string" ? await findObject(s.tx, sched.released_subscription, "subscription") : null;
  if (sub && sub.schedule === sched.id) {
    sub.schedule = null;
    await saveObject(s.tx, sub);
  }
  await s.emit("subscription_schedule.released", sched);
}

/**
 * At a period boundary `at`: if the subscription's schedule has a phase starting there, move the
 * subscription onto that phase's items (no proration). Releases the schedule after its last phase.
 * Returns true when the items changed.
 */
export async function applySchedulePhase(s: Session, sub: StripeObj, at: number): Promise<boolean> {
  if (typeof sub.schedule !== "string") return false;
  const sched = await findObject(s.tx, sub.schedule, "subscription_schedule");
  if (!sched || sched.status !== "active") return false;
  const phases = sched.phases as ReturnType<typeof phaseObject>[];
  const idx = phases.findIndex((p) => p.start_date <= at && (p.end_date === null || p.end_date > at));
  if (idx <= 0) {
    if (idx < 0 && phases.length && (phases[phases.length - 1].end_date ?? Infinity) <= at) await releaseSchedule(s, sched);
    return false;
  }
  const phase = phases[idx];
  const current = itemsOf(sub);
  const next = [];
  for (let i = 0; i < phase.items.length; i++) {
    const price = await getObject(s.tx, phase.items[i].price, "price");
    const base = current[i] ?? { ...current[0], id: stripeId("si") };
    const item = { ...base, price, plan: planFromPrice(price) } as (typeof current)[number];
    if (recurringOf(price).usage_type === "metered") delete item.quantity;
    else item.quantity = phase.items[i].quantity ?? 1;
    next.push(item);
  }
  (sub.items as { data: unknown[] }).data = next;
  sched.current_phase = { start_date: phase.start_date, end_date: phase.end_date };
  sched.phases = phases.slice(idx);
  await saveObject(s.tx, sched);
  if (idx === phases.length - 1 && sched.end_behavior === "release") {
    sub.schedule = null;
    await releaseSchedule(s, sched);
  }
  return true;
}

export const scheduleRoutes: RouteDef[] = [
  ["POST", "/v1/subscription_schedules", create],
  ["GET", "/v1/subscription_schedules", (ctx) => {
    const customer = str(ctx.params, "customer");
    return listResponse(ctx, "subscription_schedule", { customer });
  }],
  ["GET", "/v1/subscription_schedules/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "subscription_schedule")],
  ["POST", "/v1/subscription_schedules/:id", update],
  ["POST", "/v1/subscription_schedules/:id/release", release],
];
