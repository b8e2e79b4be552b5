import { eq } from "drizzle-orm";
import { sandboxState } from "../schema";
import { nowUnix } from "../runtime";
import type { Session } from "../session";
import type { StripeObj } from "../shapes";
import { findObject, queryObjects, saveObject } from "../store";
import { attemptInvoicePayment, invoiceSubscriptionId } from "./invoicing";
import { applySchedulePhase } from "../resources/schedules";
import { nextBoundary } from "./money";
import {
  cancelNow, invoiceSubscription, licensedLines, meteredLines, pendingLines, periodOf, recurringOf, itemsOf,
  saveSubscription, setPeriod, settleSubscriptionAfterPayment,
} from "./subscription-engine";

type Due = { at: number; kind: "trial_will_end" | "trial_end" | "cancel_at" | "renew" | "retry" | "expire_incomplete"; id: string };

const LIVE = ["trialing", "active", "past_due", "incomplete", "unpaid"];
const TRIAL_WILL_END_SECS = 3 * 86400;
const INCOMPLETE_EXPIRY_SECS = 23 * 3600;

async function trialWillEndSent(s: Session, subId: string): Promise<boolean> {
  const rows = await s.tx.select().from(sandboxState).where(eq(sandboxState.key, `trial_will_end:${subId}`));
  return rows.length > 0;
}

async function collectDue(s: Session): Promise<Due[]> {
  const due: Due[] = [];
  for (const sub of await queryObjects(s.tx, "subscription", { ownScope: true, where: (o) => LIVE.includes(o.status as string) })) {
    const period = periodOf(sub);
    if (sub.status === "incomplete") {
      due.push({ at: (sub.created as number) + INCOMPLETE_EXPIRY_SECS, kind: "expire_incomplete", id: sub.id });
      continue;
    }
    if (sub.status === "trialing" && typeof sub.trial_end === "number") {
      if (!(await trialWillEndSent(s, sub.id)) && sub.trial_end - TRIAL_WILL_END_SECS > (sub.created as number)) {
        due.push({ at: sub.trial_end - TRIAL_WILL_END_SECS, kind: "trial_will_end", id: sub.id });
      }
      due.push({ at: Math.min(sub.trial_end, (sub.cancel_at as number) ?? Infinity), kind: sub.cancel_at !== null && (sub.cancel_at as number) <= sub.trial_end ? "cancel_at" : "trial_end", id: sub.id });
      continue;
    }
    if (typeof sub.cancel_at === "number" && sub.cancel_at <= period.end) due.push({ at: sub.cancel_at, kind: "cancel_at", id: sub.id });
    else due.push({ at: period.end, kind: "renew", id: sub.id });
  }
  for (const inv of await queryObjects(s.tx, "invoice", { ownScope: true, contains: { status: "open" }, where: (o) => o.status === "open" && typeof o.next_payment_attempt === "number" && o.auto_advance === true })) {
    due.push({ at: inv.next_payment_attempt as number, kind: "retry", id: inv.id });
  }
  return due;
}

/**
 * Process every piece of due work up to `targetMs`, earliest first, moving the clock to each item's
 * time before handling it (so events and new objects carry the right timestamps).
 */
export async function processDueWork(s: Session, targetMs: number, moveTo: (ms: number) => void): Promise<void> {
  const target = Math.floor(targetMs / 1000);
  for (let guard = 0; guard < 5000; guard++) {
    const due = (await collectDue(s)).filter((d) => d.at <= target).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    const next = due[0];
    if (!next) return;
    moveTo(next.at * 1000);
    await handle(s, next);
  }
  throw new Error("sandbox clock: too much due work (more than 5000 steps)");
}

async function handle(s: Session, d: Due) {
  if (d.kind === "retry") {
    const inv = await findObject(s.tx, d.id, "invoice");
    if (!inv) return;
    await attemptInvoicePayment(s, inv, { offSession: true });
    const subId = invoiceSubscriptionId(inv);
    const sub = subId ? await findObject(s.tx, subId, "subscription") : null;
    if (sub) await settleSubscriptionAfterPayment(s, sub, inv);
    return;
  }
  const sub = await findObject(s.tx, d.id, "subscription");
  if (!sub) return;
  if (d.kind === "trial_will_end") {
    await s.tx.insert(sandboxState).values({ key: `trial_will_end:${sub.id}`, value: nowUnix() }).onConflictDoNothing();
    await s.emit("customer.subscription.trial_will_end", sub);
  } else if (d.kind === "trial_end") {
    await endTrial(s, sub);
  } else if (d.kind === "cancel_at") {
    await finalUsageInvoice(s, sub);
    await cancelNow(s, sub, "cancellation_requested");
  } else if (d.kind === "renew") {
    await renew(s, sub);
  } else if (d.kind === "expire_incomplete") {
    const before = structuredClone(sub);
    sub.status = "incomplete_expired";
    sub.ended_at = nowUnix();
    if (typeof sub.latest_invoice === "string") {
      const inv = await findObject(s.tx, sub.latest_invoice, "invoice");
      if (inv && inv.status === "open") {
        inv.status = "void";
        inv.next_payment_attempt = null;
        (inv.status_transitions as Record<string, unknown>).voided_at = nowUnix();
        await saveObject(s.tx, inv);
        await s.emit("invoice.voided", inv);
      }
    }
    await saveSubscription(s, sub, before);
  }
}

/** Trial over: a new period starts now; invoice it and charge the default payment method. */
export async function endTrial(s: Session, sub: StripeObj) {
  const before = structuredClone(sub);
  const now = nowUnix();
  const r = recurringOf(itemsOf(sub)[0].price);
  const end = nextBoundary(now, now, r.interval, r.interval_count);
  sub.trial_end = now;
  sub.billing_cycle_anchor = now;
  sub.status = "active";
  setPeriod(sub, now, end);
  const invoice = await invoiceSubscription(s, sub, {
    reason: "subscription_cycle", lines: [...(await pendingLines(s, sub)), ...licensedLines(sub, now, end)], periodStart: now, periodEnd: now, offSession: true,
  });
  await saveObject(s.tx, sub);
  if (invoice.status !== "paid") sub.status = "past_due";
  await saveSubscription(s, sub, before);
  await settleSubscriptionAfterPayment(s, sub, invoice);
}

async function finalUsageInvoice(s: Session, sub: StripeObj) {
  const period = periodOf(sub);
  const end = Math.min(nowUnix(), period.end);
  const lines = [...(await pendingLines(s, sub)), ...(await meteredLines(s, sub, period.start, end))];
  if (lines.some((l) => l.amount !== 0)) {
    await invoiceSubscription(s, sub, { reason: "subscription_cycle", lines, periodStart: period.start, periodEnd: end, offSession: true });
  }
}

/** Period end: bill usage for the period just ended (arrears) and the next period's licensed items (advance). */
async function renew(s: Session, sub: StripeObj) {
  const before = structuredClone(sub);
  const old = periodOf(sub);
  const usage = await meteredLines(s, sub, old.start, old.end);
  const oldR = recurringOf(itemsOf(sub)[0].price);
  if (await applySchedulePhase(s, sub, old.end)) {
    const nr = recurringOf(itemsOf(sub)[0].price);
    if (nr.interval !== oldR.interval || nr.interval_count !== oldR.interval_count) sub.billing_cycle_anchor = old.end;
  }
  const r = recurringOf(itemsOf(sub)[0].price);
  const end = nextBoundary(sub.billing_cycle_anchor as number, old.end, r.interval, r.interval_count);
  const pending = await pendingLines(s, sub);
  setPeriod(sub, old.end, end);
  const invoice = await invoiceSubscription(s, sub, {
    reason: "subscription_cycle", lines: [...pending, ...usage, ...licensedLines(sub, old.end, end)], periodStart: old.start, periodEnd: old.end, offSession: true,
  });
  await saveObject(s.tx, sub);
  if (sub.status === "active" && invoice.status !== "paid") sub.status = "past_due";
  await saveSubscription(s, sub, before);
  await settleSubscriptionAfterPayment(s, sub, invoice);
}
