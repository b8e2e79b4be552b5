/**
 * An independent model of docs/BILLING.md: what a customer must be charged, shown and granted.
 *
 * Written from the page and Stripe's documented semantics (proration by seconds, coupons
 * once/repeating/forever, graduated metered prices with a free first tier, anchored monthly periods,
 * Smart Retries). It must not import the app's billing, usage or credits code nor the sandbox
 * (`model-imports.unit.test.ts` enforces it): where the app and this model disagree, one of them is
 * wrong, and the disagreement is a finding, not something to copy.
 *
 * Time is unix seconds (Stripe's unit). Money is integer cents.
 */
import {
  COUPONS,
  GRACE_PERIOD_DAYS,
  HOLD_TTL_SECONDS,
  METRICS,
  PACKS,
  PLANS,
  RETRY_DAYS,
  allowance,
  planPrice,
  type Coupon,
  type CreditSource,
  type Interval,
  type MetricKey,
  type PlanKey,
} from "./prices";

export const DAY = 86_400;

// ---------- calendar ----------

/** `anchor` + n months, keeping the anchor's day (clamped to the month's last day) and time of day. */
export function addMonths(anchor: number, n: number): number {
  const d = new Date(anchor * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const dim = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), dim);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

export function addInterval(anchor: number, interval: Interval, n: number): number {
  return addMonths(anchor, interval === "month" ? n : 12 * n);
}

export function calendarMonth(at: number): { start: number; end: number } {
  const d = new Date(at * 1000);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000 };
}

// ---------- outputs ----------

export type LineKind = "trial" | "plan" | "unused" | "remaining" | "usage";
export type ModelLine = {
  kind: LineKind;
  plan: PlanKey;
  interval: Interval;
  /** usage lines: the metric and the period's units; other lines: 1. */
  metric?: MetricKey;
  quantity: number;
  amount: number;
  periodStart: number;
  periodEnd: number;
};
export type InvoiceReason = "subscription_create" | "subscription_cycle" | "subscription_update" | "subscription_final" | "credit_pack";
export type ModelInvoice = {
  seq: number;
  reason: InvoiceReason;
  created: number;
  lines: ModelLine[];
  subtotal: number;
  discount: number;
  discountCode: string | null;
  total: number;
  /** What the card is asked for: the total less any customer balance (credit) applied. */
  amountDue: number;
  status: "paid" | "open" | "void";
  attempts: number;
};
export type ModelNotification = { kind: "trial_ending" | "payment_failed" | "payment_recovered" | "restricted" | "receipt" | "subscription_ended"; at: number; invoiceSeq?: number };

export type MetricFigures = { current: number; included: number | null; remaining: number | null; overage: number; overage_amount_cents: number };
export type ModelStatus = {
  tier: PlanKey;
  status: "free" | "trialing" | "active" | "past_due";
  restricted: boolean;
  hasSubscription: boolean;
  periodStart: number;
  periodEnd: number;
  usage: Record<MetricKey, MetricFigures>;
  overageAmountCents: number;
};

// ---------- commands ----------

export type CardOutcome = "ok" | "decline";
export type Command =
  | { t: "onboard"; at: number; plan: PlanKey; interval: Interval; code: string | null; card: CardOutcome | "refused" | "none" }
  | { t: "usage"; at: number; metric: MetricKey; quantity: number }
  | { t: "members"; at: number; count: number }
  | { t: "invite"; at: number }
  | { t: "change"; at: number; plan: PlanKey; interval: Interval }
  | { t: "cancel"; at: number }
  | { t: "resume"; at: number }
  | { t: "card"; at: number; card: CardOutcome }
  | { t: "grant"; at: number; source: CreditSource; amount: number; expiresAt: number | null }
  | { t: "consume"; at: number; amount: number }
  | { t: "hold"; at: number; id: string; amount: number; ttl?: number }
  | { t: "commit"; at: number; id: string; amount: number }
  | { t: "release"; at: number; id: string }
  | { t: "pack"; at: number; pack: string; card: CardOutcome }
  | { t: "advance"; to: number };

export type Outcome = { ok: true; kind?: string } | { ok: false; reason: string };

// ---------- state ----------

type Sub = {
  plan: PlanKey;
  interval: Interval;
  status: "trialing" | "active" | "past_due" | "canceled";
  created: number;
  trialEnd: number | null;
  anchor: number;
  index: number;
  periodStart: number;
  periodEnd: number;
  cancelAtPeriodEnd: boolean;
  pending: { plan: PlanKey; interval: Interval } | null;
  discount: { coupon: Coupon; start: number; end: number | null; used: boolean } | null;
  pastDueSince: number | null;
  restrictedNotified: boolean;
  openInvoice: number | null;
  nextRetry: number | null;
  trialNoticeSent: boolean;
  /**
   * The first usage event (by recording order) of the current period. A period that a change starts
   * "now" begins in the same second as usage recorded just before it: order, not the clock, says
   * which period such an event belongs to.
   */
  usageFrom: number;
};

type Grant = { id: number; source: CreditSource; amount: number; remaining: number; expiresAt: number | null; created: number };
type Hold = { id: string; allocations: { grant: number; amount: number }[]; expiresAt: number; status: "held" | "committed" | "returned" };
/** `free`: recorded while the Free plan's limits applied (no subscription, or restricted): never billed, counted in calendar months. */
type UsageEvent = { idx: number; at: number; metric: MetricKey; quantity: number; free: boolean };

export class BillingModel {
  now = 0;
  sub: Sub | null = null;
  everTrialed = false;
  card: CardOutcome = "ok";
  invoices: ModelInvoice[] = [];
  notifications: ModelNotification[] = [];
  grants: Grant[] = [];
  holds = new Map<string, Hold>();
  usage: UsageEvent[] = [];
  storage = 0;
  members = 1;
  customerBalance = 0;
  private seq = 0;
  private grantSeq = 0;

  constructor(at: number) {
    this.now = at;
  }

  /** A deep copy of the state, to undo a command the app refused (`restore`). */
  snapshot(): unknown {
    return structuredClone({ ...this });
  }

  restore(snap: unknown) {
    Object.assign(this, structuredClone(snap));
  }

  // ----- queries -----

  /** A subscription that still bills (not ended). */
  live(): Sub | null {
    return this.sub && this.sub.status !== "canceled" ? this.sub : null;
  }

  restricted(at = this.now): boolean {
    const s = this.live();
    return Boolean(s && s.status === "past_due" && s.pastDueSince !== null && at - s.pastDueSince > GRACE_PERIOD_DAYS * DAY);
  }

  /** What GET /api/v1/billing/status must say now. */
  status(): ModelStatus {
    const s = this.live();
    const restricted = this.restricted();
    const onPlan = s && !restricted;
    const tier: PlanKey = onPlan ? s.plan : "free";
    const period = onPlan ? { start: s.periodStart, end: s.periodEnd } : calendarMonth(this.now);
    // a trial is a 14-day first period, not a year: it has the monthly allowance
    const periodInterval: Interval | "calendar" = onPlan ? (s.status === "trialing" ? "month" : s.interval) : "calendar";
    const usage = {} as Record<MetricKey, MetricFigures>;
    let overageAmountCents = 0;
    for (const m of METRICS) {
      let current: number;
      if (m.key === "seats") current = this.members;
      else if (m.key === "storage_gb") current = this.storage;
      else
        current = this.usage
          .filter((e) => e.metric === m.key && (onPlan ? e.idx >= s.usageFrom : e.at >= period.start) && e.at < period.end && e.free === !onPlan)
          .reduce((a, e) => a + e.quantity, 0);
      const included = allowance(tier, m.key, periodInterval);
      const overage = included === null ? 0 : Math.max(0, current - included);
      const rate = PLANS[tier].limits[m.key].rate ?? 0;
      const cents = onPlan && s.status === "trialing" ? 0 : overage * rate;
      overageAmountCents += cents;
      usage[m.key] = { current, included, remaining: included === null ? null : Math.max(0, included - current), overage, overage_amount_cents: cents };
    }
    return {
      tier,
      status: s ? (s.status as ModelStatus["status"]) : "free",
      restricted,
      hasSubscription: Boolean(onPlan),
      periodStart: period.start,
      periodEnd: period.end,
      usage,
      overageAmountCents,
    };
  }

  /** Available credits by source (holds already taken out; expired grants count 0). */
  creditsBySource(at = this.now): Record<CreditSource, number> {
    const out: Record<CreditSource, number> = { purchased: 0, subscription: 0, promotional: 0, adjustment: 0 };
    for (const g of this.grants) if (this.grantLive(g, at)) out[g.source] += g.remaining;
    return out;
  }

  creditBalance(at = this.now): number {
    const b = this.creditsBySource(at);
    return b.purchased + b.subscription + b.promotional + b.adjustment;
  }

  heldCredits(): number {
    let n = 0;
    for (const h of this.holds.values()) if (h.status === "held") n += h.allocations.reduce((a, x) => a + x.amount, 0);
    return n;
  }

  /** Change kind for a target, per BILLING.md §3. */
  changeKind(plan: PlanKey, interval: Interval): "none" | "upgrade" | "interval_up" | "downgrade" | "trial_change" | "free" {
    const s = this.live();
    if (!s) return "none";
    if (plan === "free") return "free";
    if (plan === s.plan && interval === s.interval) return "none";
    if (s.status === "trialing") return "trial_change";
    if (s.interval === "month" && interval === "year" && PLANS[plan].rank >= PLANS[s.plan].rank) return "interval_up";
    if (interval === s.interval && PLANS[plan].rank > PLANS[s.plan].rank) return "upgrade";
    return "downgrade";
  }

  /** The amount per period after the change (the "then" figure): price less a discount still in force at `at`. */
  thenAmount(plan: PlanKey, interval: Interval, at: number): number {
    const price = planPrice(plan, interval);
    const d = this.live()?.discount;
    if (!d || !this.discountInForce(d, at) || (d.coupon.duration === "once" && d.used)) return price;
    if (d.coupon.plans && !d.coupon.plans.includes(plan)) return price;
    return price - this.discountAmount(d.coupon, price);
  }

  // ----- commands -----

  apply(cmd: Command): Outcome {
    if (cmd.t === "advance") {
      this.advanceTo(cmd.to);
      return { ok: true };
    }
    this.advanceTo(cmd.at);
    switch (cmd.t) {
      case "onboard":
        return this.onboard(cmd);
      case "usage":
        if (cmd.metric === "storage_gb") this.storage = cmd.quantity;
        else if (cmd.metric === "seats") this.members = cmd.quantity;
        else this.usage.push({ idx: this.usage.length, at: cmd.at, metric: cmd.metric, quantity: cmd.quantity, free: !this.live() || this.restricted() });
        return { ok: true };
      case "members":
        this.members = cmd.count;
        return { ok: true };
      case "invite": {
        // seats are a gauge of members; inviting past the plan's seats is refused (BILLING.md §5)
        const limit = allowance(this.status().tier, "seats", "month");
        if (limit !== null && this.members >= limit) return { ok: false, reason: "seat_limit" };
        this.members += 1;
        return { ok: true };
      }
      case "change":
        return this.change(cmd.plan, cmd.interval);
      case "cancel": {
        const s = this.live();
        if (!s) return { ok: false, reason: "no_subscription" };
        if (s.cancelAtPeriodEnd) return { ok: false, reason: "already_cancelling" };
        s.cancelAtPeriodEnd = true;
        s.pending = null;
        return { ok: true };
      }
      case "resume": {
        const s = this.live();
        if (!s || !s.cancelAtPeriodEnd) return { ok: false, reason: "not_cancelling" };
        s.cancelAtPeriodEnd = false;
        return { ok: true };
      }
      case "card":
        this.card = cmd.card;
        return this.payOpenInvoice();
      case "grant":
        this.grants.push({ id: ++this.grantSeq, source: cmd.source, amount: cmd.amount, remaining: cmd.amount, expiresAt: cmd.expiresAt, created: cmd.at });
        return { ok: true };
      case "consume": {
        const alloc = this.allocate(cmd.amount);
        if (!alloc) return { ok: false, reason: "insufficient_credits" };
        for (const a of alloc) this.grants.find((g) => g.id === a.grant)!.remaining -= a.amount;
        return { ok: true };
      }
      case "hold": {
        const alloc = this.allocate(cmd.amount);
        if (!alloc) return { ok: false, reason: "insufficient_credits" };
        for (const a of alloc) this.grants.find((g) => g.id === a.grant)!.remaining -= a.amount;
        this.holds.set(cmd.id, { id: cmd.id, allocations: alloc, expiresAt: cmd.at + (cmd.ttl ?? HOLD_TTL_SECONDS), status: "held" });
        return { ok: true };
      }
      case "commit": {
        const h = this.holds.get(cmd.id);
        if (!h || h.status !== "held") return { ok: false, reason: "hold_not_active" };
        // "consumes up to the held amount": more than the hold is refused and leaves it held
        const held = h.allocations.reduce((a, x) => a + x.amount, 0);
        if (cmd.amount > held) return { ok: false, reason: "amount_exceeds_hold" };
        let toConsume = cmd.amount;
        for (const a of h.allocations) {
          const used = Math.min(a.amount, toConsume);
          toConsume -= used;
          this.grants.find((g) => g.id === a.grant)!.remaining += a.amount - used;
        }
        h.status = "committed";
        return { ok: true };
      }
      case "release": {
        const h = this.holds.get(cmd.id);
        if (!h) return { ok: false, reason: "hold_not_found" };
        // BILLING.md §7: releasing is idempotent (a released or expired hold: nothing changes); a committed
        // hold cannot be released
        if (h.status === "committed") return { ok: false, reason: "hold_not_active" };
        if (h.status === "returned") return { ok: true };
        this.returnHold(h);
        return { ok: true };
      }
      case "pack": {
        const p = PACKS[cmd.pack];
        if (!p) return { ok: false, reason: "unknown_pack" };
        if (cmd.card !== "ok") return { ok: false, reason: "card_declined" };
        this.grants.push({ id: ++this.grantSeq, source: "purchased", amount: p.credits, remaining: p.credits, expiresAt: null, created: cmd.at });
        this.notifications.push({ kind: "receipt", at: cmd.at });
        return { ok: true };
      }
    }
  }

  private onboard(cmd: Extract<Command, { t: "onboard" }>): Outcome {
    if (this.live()) return { ok: false, reason: "already_subscribed" };
    if (cmd.plan === "free") return { ok: true, kind: "free" };
    if (cmd.card === "refused" || cmd.card === "none") return { ok: false, reason: "card_declined" };
    const coupon = cmd.code ? COUPONS[cmd.code.toUpperCase()] : undefined;
    if (cmd.code && (!coupon || (coupon.plans && !coupon.plans.includes(cmd.plan)))) return { ok: false, reason: "invalid_discount" };
    this.card = cmd.card;
    const at = cmd.at;
    const p = PLANS[cmd.plan];
    const trial = p.trialDays > 0 && !this.everTrialed;
    const discount = coupon ? { coupon, start: at, end: coupon.duration === "repeating" ? addMonths(at, coupon.months!) : null, used: false } : null;
    if (!trial && cmd.card !== "ok") return { ok: false, reason: "card_declined" }; // error_if_incomplete: nothing is created
    const trialEnd = trial ? at + p.trialDays * DAY : null;
    const anchor = trialEnd ?? at;
    const s: Sub = {
      plan: cmd.plan,
      interval: cmd.interval,
      status: trial ? "trialing" : "active",
      created: at,
      trialEnd,
      anchor,
      index: trial ? -1 : 0,
      periodStart: at,
      periodEnd: trial ? trialEnd! : addInterval(anchor, cmd.interval, 1),
      cancelAtPeriodEnd: false,
      pending: null,
      discount,
      pastDueSince: null,
      restrictedNotified: false,
      openInvoice: null,
      nextRetry: null,
      trialNoticeSent: false,
      usageFrom: this.usage.length,
    };
    this.sub = s;
    if (trial) this.everTrialed = true;
    const line: ModelLine = trial
      ? { kind: "trial", plan: s.plan, interval: s.interval, quantity: 1, amount: 0, periodStart: at, periodEnd: trialEnd! }
      : { kind: "plan", plan: s.plan, interval: s.interval, quantity: 1, amount: planPrice(s.plan, s.interval), periodStart: s.periodStart, periodEnd: s.periodEnd };
    const inv = this.invoice("subscription_create", at, [line]);
    this.charge(inv, true);
    return { ok: true, kind: trial ? "trialing" : "active" };
  }

  private change(plan: PlanKey, interval: Interval): Outcome {
    const s = this.live();
    if (!s) return { ok: false, reason: "no_subscription" };
    const kind = this.changeKind(plan, interval);
    const at = this.now;
    switch (kind) {
      case "none":
        if (s.pending) {
          s.pending = null;
          return { ok: true, kind: "pending_cancelled" };
        }
        return { ok: false, reason: "no_change" };
      case "free":
        return { ok: false, reason: "free_plan" };
      case "trial_change":
        s.plan = plan;
        s.interval = interval;
        s.pending = null;
        return { ok: true, kind };
      case "downgrade":
        if (s.status === "past_due") return { ok: false, reason: "past_due" };
        s.pending = { plan, interval };
        return { ok: true, kind };
      case "upgrade": {
        if (s.status === "past_due") return { ok: false, reason: "past_due" };
        if (this.card !== "ok") return { ok: false, reason: "card_declined" };
        const left = s.periodEnd - at;
        const total = s.periodEnd - s.periodStart;
        const lines: ModelLine[] = [
          { kind: "unused", plan: s.plan, interval: s.interval, quantity: 1, amount: -Math.round((planPrice(s.plan, s.interval) * left) / total), periodStart: at, periodEnd: s.periodEnd },
          { kind: "remaining", plan, interval, quantity: 1, amount: Math.round((planPrice(plan, interval) * left) / total), periodStart: at, periodEnd: s.periodEnd },
        ];
        s.plan = plan;
        s.pending = null;
        const inv = this.invoice("subscription_update", at, lines);
        this.charge(inv, false);
        return { ok: true, kind };
      }
      case "interval_up": {
        if (s.status === "past_due") return { ok: false, reason: "past_due" };
        if (this.card !== "ok") return { ok: false, reason: "card_declined" };
        const left = s.periodEnd - at;
        const total = s.periodEnd - s.periodStart;
        const oldPlan = s.plan;
        const oldInterval = s.interval;
        const lines: ModelLine[] = [
          { kind: "unused", plan: oldPlan, interval: oldInterval, quantity: 1, amount: -Math.round((planPrice(oldPlan, oldInterval) * left) / total), periodStart: at, periodEnd: s.periodEnd },
          { kind: "plan", plan, interval, quantity: 1, amount: planPrice(plan, interval), periodStart: at, periodEnd: addInterval(at, interval, 1) },
          this.usageLine(oldPlan, oldInterval, s.periodStart, at, s.usageFrom),
        ];
        s.plan = plan;
        s.interval = interval;
        s.anchor = at;
        s.index = 0;
        s.periodStart = at;
        s.usageFrom = this.usage.length;
        s.periodEnd = addInterval(at, interval, 1);
        s.pending = null;
        const inv = this.invoice("subscription_update", at, lines);
        this.charge(inv, true);
        return { ok: true, kind };
      }
    }
  }

  // ----- invoices -----

  private usageLine(plan: PlanKey, interval: Interval, start: number, end: number, from: number, trial = false): ModelLine {
    const used = this.usage.filter((e) => e.metric === "api_calls" && e.idx >= from && e.at < end && !e.free).reduce((a, e) => a + e.quantity, 0);
    const inc = allowance(plan, "api_calls", interval) ?? Infinity;
    const rate = PLANS[plan].limits.api_calls.rate ?? 0;
    return { kind: "usage", plan, interval, metric: "api_calls", quantity: used, amount: trial ? 0 : Math.max(0, used - inc) * rate, periodStart: start, periodEnd: end };
  }

  private discountInForce(d: NonNullable<Sub["discount"]>, at: number): boolean {
    return d.end === null || at < d.end;
  }

  private discountAmount(c: Coupon, base: number): number {
    if (base <= 0) return 0;
    if (c.percentOff !== undefined) return Math.min(base, Math.round((base * c.percentOff) / 100));
    return Math.min(base, c.amountOff ?? 0);
  }

  private invoice(reason: InvoiceReason, at: number, lines: ModelLine[]): ModelInvoice {
    const subtotal = lines.reduce((a, l) => a + l.amount, 0);
    let discount = 0;
    let discountCode: string | null = null;
    const d = this.sub?.discount;
    if (d && this.discountInForce(d, at) && !(d.coupon.duration === "once" && d.used)) {
      const base = d.coupon.plans ? lines.filter((l) => d.coupon.plans!.includes(l.plan)).reduce((a, l) => a + l.amount, 0) : subtotal;
      const amt = subtotal > 0 ? this.discountAmount(d.coupon, Math.min(base, subtotal)) : 0;
      if (amt > 0) {
        discount = amt;
        discountCode = d.coupon.code;
        if (d.coupon.duration === "once") d.used = true;
      }
    }
    const total = subtotal - discount;
    let amountDue = total;
    if (total > 0 && this.customerBalance < 0) {
      const applied = Math.min(total, -this.customerBalance);
      amountDue -= applied;
      this.customerBalance += applied;
    } else if (total < 0) {
      this.customerBalance += total;
      amountDue = 0;
    }
    const inv: ModelInvoice = { seq: ++this.seq, reason, created: at, lines, subtotal, discount, discountCode, total, amountDue, status: "open", attempts: 0 };
    this.invoices.push(inv);
    return inv;
  }

  /** Charge an invoice now; `grantsPeriod`: paying it opens a new period (subscription credits). */
  private charge(inv: ModelInvoice, grantsPeriod: boolean) {
    const s = this.sub!;
    if (inv.amountDue <= 0 || this.card === "ok") {
      this.markPaid(inv, grantsPeriod);
      return;
    }
    inv.attempts = 1;
    s.openInvoice = inv.seq;
    s.status = "past_due";
    s.pastDueSince ??= inv.created;
    s.nextRetry = inv.created + RETRY_DAYS[0]! * DAY;
    this.notifications.push({ kind: "payment_failed", at: inv.created, invoiceSeq: inv.seq });
  }

  private markPaid(inv: ModelInvoice, grantsPeriod: boolean) {
    inv.status = "paid";
    if (inv.amountDue > 0) {
      inv.attempts += 1;
      this.notifications.push({ kind: "receipt", at: this.now, invoiceSeq: inv.seq });
    }
    const s = this.sub!;
    if (grantsPeriod) {
      const planLine = inv.lines.find((l) => l.kind === "plan" || l.kind === "trial");
      if (planLine) {
        const credits = PLANS[planLine.plan].includedCredits;
        if (credits > 0) this.grants.push({ id: ++this.grantSeq, source: "subscription", amount: credits, remaining: credits, expiresAt: planLine.periodEnd, created: this.now });
      }
    }
    if (s.openInvoice === inv.seq) {
      s.openInvoice = null;
      s.nextRetry = null;
      if (s.status === "past_due") {
        s.status = "active";
        s.pastDueSince = null;
        s.restrictedNotified = false;
        this.notifications.push({ kind: "payment_recovered", at: this.now, invoiceSeq: inv.seq });
      }
    }
  }

  private payOpenInvoice(): Outcome {
    const s = this.live();
    if (!s || s.openInvoice === null || this.card !== "ok") return { ok: true };
    const inv = this.invoices.find((i) => i.seq === s.openInvoice)!;
    this.markPaid(inv, inv.reason !== "subscription_update" || inv.lines.some((l) => l.kind === "plan"));
    return { ok: true, kind: "paid_overdue" };
  }

  // ----- time -----

  advanceTo(to: number) {
    if (to < this.now) throw new Error(`the model's clock only moves forward (${to} < ${this.now})`);
    for (;;) {
      const next = this.nextDue(to);
      if (!next) break;
      this.now = next.at;
      next.run();
    }
    this.now = to;
  }

  private nextDue(limit: number): { at: number; run: () => void } | null {
    const due: { at: number; run: () => void }[] = [];
    const s = this.live();
    if (s) {
      if (s.status === "trialing" && s.trialEnd && !s.trialNoticeSent) {
        const at = s.trialEnd - 3 * DAY;
        due.push({ at, run: () => ((s.trialNoticeSent = true), this.notifications.push({ kind: "trial_ending", at })) });
      }
      due.push({ at: s.periodEnd, run: () => this.periodEnd(s) });
      if (s.nextRetry !== null) due.push({ at: s.nextRetry, run: () => this.retry(s) });
      if (s.status === "past_due" && s.pastDueSince !== null && !s.restrictedNotified) {
        const at = s.pastDueSince + GRACE_PERIOD_DAYS * DAY + 1;
        due.push({ at, run: () => ((s.restrictedNotified = true), this.notifications.push({ kind: "restricted", at })) });
      }
    }
    for (const h of this.holds.values()) if (h.status === "held") due.push({ at: h.expiresAt, run: () => this.returnHold(h) });
    const ready = due.filter((d) => d.at <= limit).sort((a, b) => a.at - b.at);
    return ready[0] ?? null;
  }

  private periodEnd(s: Sub) {
    const end = s.periodEnd;
    const wasTrial = s.status === "trialing";
    if (s.cancelAtPeriodEnd) {
      if (!wasTrial) {
        const usage = this.usageLine(s.plan, s.interval, s.periodStart, end, s.usageFrom);
        if (usage.amount > 0) this.charge(this.invoice("subscription_final", end, [usage]), false);
      }
      s.status = "canceled";
      s.nextRetry = null;
      this.notifications.push({ kind: "subscription_ended", at: end });
      return;
    }
    const usage = this.usageLine(s.plan, s.interval, s.periodStart, end, s.usageFrom, wasTrial);
    const next = s.pending ?? { plan: s.plan, interval: s.interval };
    if (s.pending && s.pending.interval !== s.interval) {
      s.anchor = end;
      s.index = 0;
    } else {
      s.index += 1;
    }
    s.plan = next.plan;
    s.interval = next.interval;
    s.pending = null;
    s.periodStart = end;
    s.periodEnd = addInterval(s.anchor, s.interval, s.index + 1);
    s.usageFrom = this.usage.filter((e) => e.at < end).length;
    if (wasTrial) s.status = "active";
    const plan: ModelLine = { kind: "plan", plan: s.plan, interval: s.interval, quantity: 1, amount: planPrice(s.plan, s.interval), periodStart: s.periodStart, periodEnd: s.periodEnd };
    const inv = this.invoice("subscription_cycle", end, [plan, usage]);
    if (s.status === "past_due") {
      // still owing an earlier invoice: this one waits with it (Stripe attempts it on its own schedule)
      inv.attempts = 1;
      return;
    }
    this.charge(inv, true);
  }

  private retry(s: Sub) {
    const inv = this.invoices.find((i) => i.seq === s.openInvoice);
    if (!inv) {
      s.nextRetry = null;
      return;
    }
    if (this.card === "ok") {
      this.markPaid(inv, inv.lines.some((l) => l.kind === "plan"));
      return;
    }
    inv.attempts += 1;
    this.notifications.push({ kind: "payment_failed", at: this.now, invoiceSeq: inv.seq });
    if (inv.attempts >= RETRY_DAYS.length + 1) {
      s.status = "canceled";
      s.nextRetry = null;
      this.notifications.push({ kind: "subscription_ended", at: this.now });
      return;
    }
    s.nextRetry = this.now + RETRY_DAYS[inv.attempts - 1]! * DAY;
  }

  // ----- credits -----

  private grantLive(g: Grant, at: number) {
    return g.expiresAt === null || g.expiresAt > at;
  }

  private allocate(amount: number): { grant: number; amount: number }[] | null {
    if (amount <= 0) return [];
    const order: CreditSource[] = ["purchased", "subscription", "promotional", "adjustment"];
    const live = this.grants
      .filter((g) => g.remaining > 0 && this.grantLive(g, this.now))
      .sort(
        (a, b) =>
          order.indexOf(a.source) - order.indexOf(b.source) ||
          (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) ||
          a.created - b.created ||
          a.id - b.id,
      );
    const total = live.reduce((a, g) => a + g.remaining, 0);
    if (total < amount) return null;
    const out: { grant: number; amount: number }[] = [];
    let left = amount;
    for (const g of live) {
      if (left === 0) break;
      const take = Math.min(g.remaining, left);
      out.push({ grant: g.id, amount: take });
      left -= take;
    }
    return out;
  }

  private returnHold(h: Hold) {
    for (const a of h.allocations) this.grants.find((g) => g.id === a.grant)!.remaining += a.amount;
    h.status = "returned";
  }
}
