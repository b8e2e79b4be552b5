import { includedInPeriod, periodLimits, type Catalog, type Interval, type Plan } from "@/lib/billing/catalog-schema";
import { discountAppliesToPlan, discountCentsAt, type MirrorDiscount } from "@/lib/billing/discount-in-force";
import { isBilledStatus } from "@/lib/billing/subscription-states";
import { formatDate, formatMoney, formatNumber } from "./format";
import { nextPlanUp, plural } from "./plan-cards";

/** Inputs (shapes of lib/billing getSubscriptionSummary, lib/usage getUsageSummary, lib/credits getCreditBalance). */
export type OverviewSubscription = {
  id: string;
  status: string;
  plan: { key: string; name: string };
  interval: string;
  amountCents: number;
  currency: string;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  trialEnd: string | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: string | null;
  pastDueSince: string | null;
  discount: unknown;
  pendingChange: unknown;
  /** Units of the plan price (1 unless the plan is sold per unit). */
  quantity?: number;
} | null;

export type OverviewInput = {
  subscription: OverviewSubscription;
  /** `interval`: the current period's length for allowances (lib/billing resolveOrgPlan; default "month"). */
  effectivePlan: { key: string; name: string; restricted: boolean; interval?: Interval };
  usage: { period: { start: string; end: string }; metrics: { metric: string; kind: string; used: number; peak: number; included: number | null; overage: number }[] };
  credits: { balance: number; by_source: Record<string, number>; low_balance_threshold: number | null; expiring_soon: { remaining: number; expires_at: string }[] };
  graceDays: number;
  now: Date;
};

export type Banner = { tone: "info" | "warning" | "error"; title: string; body: string; action?: { label: string; href: string }; testId: string };

export type UsageBar = {
  metric: string;
  name: string;
  used: number;
  included: number | null;
  /** 0-100 for the bar; `percent` is the real share (may exceed 100). */
  barPercent: number;
  percent: number | null;
  label: string;
  state: "ok" | "warn" | "over" | "unlimited";
  overageUnits: number;
  overageCents: number;
  hardLimit: boolean;
};

export type UpgradePrompt = { metric: string; message: string; nextPlan: { key: string; name: string; priceCents: number }; extraCostCents: number; savesCents: number };

const STATUS: Record<string, { label: string; tone: "success" | "warning" | "danger" | "neutral" | "brand" }> = {
  trialing: { label: "Trialing", tone: "brand" },
  active: { label: "Active", tone: "success" },
  past_due: { label: "Past due", tone: "danger" },
  unpaid: { label: "Unpaid", tone: "danger" },
  canceled: { label: "Canceled", tone: "neutral" },
  paused: { label: "Paused", tone: "warning" },
  incomplete: { label: "Incomplete", tone: "warning" },
  incomplete_expired: { label: "Expired", tone: "neutral" },
};

export function statusBadge(status: string | null) {
  if (!status) return { label: "Free", tone: "neutral" as const };
  return STATUS[status] ?? { label: status, tone: "neutral" as const };
}

const DAY = 86_400_000;

/** How the current period prices usage: its length (a yearly period has 12 × the summed allowances) and whether it is a trial (overage never charged). */
export type BarPeriod = { interval?: Interval; trial?: boolean };

/**
 * Usage bars for a plan: used / included, overage in money, warn at 80 %. The allowance is the
 * period's (docs/BILLING.md §5); during a trial the overage units show at $0 (§2).
 */
export function usageBars(catalog: Catalog, plan: Plan, metrics: OverviewInput["usage"]["metrics"], period: BarPeriod = {}): UsageBar[] {
  const limits = periodLimits(catalog, plan, period.interval ?? "month");
  return catalog.metrics.map((m) => {
    const row = metrics.find((x) => x.metric === m.key);
    // Gauges are current totals (docs/BILLING.md §5): the current value, not the period's peak.
    const used = row?.used ?? 0;
    const limit = limits[m.key];
    const included = limit?.included ?? null;
    const unit = (n: number) => plural(m.unit, n);
    if (included === null) {
      return { metric: m.key, name: m.name, used, included, barPercent: 0, percent: null, label: `${formatNumber(used)} ${unit(used)} · unlimited`, state: "unlimited", overageUnits: 0, overageCents: 0, hardLimit: false };
    }
    const percent = included === 0 ? (used > 0 ? 100 : 0) : Math.round((used / included) * 1000) / 10;
    const overageUnits = Math.max(0, used - included);
    const unitCents = limit?.overageUnitAmountCents ?? null;
    return {
      metric: m.key,
      name: m.name,
      used,
      included,
      barPercent: Math.min(100, percent),
      percent,
      label: `${formatNumber(used)} / ${formatNumber(included)} ${unit(included)}`,
      state: percent >= 100 ? "over" : percent >= 80 ? "warn" : "ok",
      overageUnits,
      overageCents: unitCents === null || period.trial ? 0 : overageUnits * unitCents,
      hardLimit: unitCents === null,
    };
  });
}

/** Near (≥ 80 %) or past a limit with a bigger plan available: what it costs and what it saves. */
export function upgradePrompt(catalog: Catalog, plan: Plan, bars: UsageBar[], interval: string, period: BarPeriod = {}): UpgradePrompt | null {
  const next = nextPlanUp(catalog, plan.key);
  if (!next) return null;
  const hot = bars.filter((b) => b.state === "warn" || b.state === "over").sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
  if (!hot) return null;
  const yearly = interval === "year" && next.prices.yearly !== null;
  const nextPrice = yearly ? next.prices.yearly! : next.prices.monthly;
  const curPrice = yearly ? (plan.prices.yearly ?? plan.prices.monthly * 12) : plan.prices.monthly;
  const overageNow = bars.reduce((s, b) => s + b.overageCents, 0);
  const nextOverage = usageBars(catalog, next, bars.map((b) => ({ metric: b.metric, kind: "sum", used: b.used, peak: b.used, included: null, overage: 0 })), period).reduce((s, b) => s + b.overageCents, 0);
  const extra = nextPrice - curPrice;
  const saves = Math.max(0, overageNow - nextOverage - extra);
  const per = yearly ? "year" : "month";
  const kind = catalog.metrics.find((m) => m.key === hot.metric)?.kind ?? "gauge";
  const nextLimit = includedInPeriod(next.limits[hot.metric]?.included ?? null, kind, per);
  const limitText = nextLimit === null || nextLimit === undefined ? "unlimited" : formatNumber(nextLimit);
  const where = hot.state === "over" ? (hot.hardLimit ? "reached" : "gone past") : "used " + Math.floor(hot.percent ?? 0) + "% of";
  return {
    metric: hot.metric,
    nextPlan: { key: next.key, name: next.name, priceCents: nextPrice },
    extraCostCents: extra,
    savesCents: saves,
    message:
      `You have ${where} your ${hot.name.toLowerCase()} allowance. ${next.name} includes ${limitText} for ${formatMoney(nextPrice, catalog.currency, { whole: true })}/${per}` +
      (extra > 0 ? ` (${formatMoney(extra, catalog.currency, { whole: true })} more)` : "") +
      (saves > 0 ? ` and would save you ${formatMoney(saves, catalog.currency)} in overage this period.` : "."),
  };
}

/** Everything the overview tab shows, computed from the lib results (pure). */
export function buildOverview(catalog: Catalog, input: OverviewInput) {
  const sub = input.subscription;
  const plan = catalog.plans.find((p) => p.key === input.effectivePlan.key) ?? catalog.plans[0]!;
  const shown = (input.effectivePlan.restricted && sub ? catalog.plans.find((p) => p.key === sub.plan.key) : null) ?? plan;
  const trialing = sub?.status === "trialing";
  const period: BarPeriod = { interval: input.effectivePlan.interval, trial: trialing && !input.effectivePlan.restricted };
  const bars = usageBars(catalog, plan, input.usage.metrics, period);
  const banners: Banner[] = [];
  const nowMs = input.now.getTime();
  if (sub?.status === "trialing" && sub.trialEnd) {
    const days = Math.max(0, Math.ceil((new Date(sub.trialEnd).getTime() - nowMs) / DAY));
    banners.push({
      tone: "info",
      testId: "banner-trial",
      title: `Your free trial ends on ${formatDate(sub.trialEnd)} (${days} day${days === 1 ? "" : "s"} left)`,
      body: sub.cancelAtPeriodEnd ? "Your subscription will end with the trial." : `Your card will be charged ${formatMoney(sub.amountCents, sub.currency)} then. Make sure your payment method is up to date.`,
      action: { label: "Payment methods", href: "/billing/payment-methods" },
    });
  }
  if (sub?.cancelAtPeriodEnd) {
    const at = sub.cancelAt ?? sub.currentPeriodEnd;
    banners.push({
      tone: "warning",
      testId: "banner-cancel",
      title: `Your ${sub.plan.name} plan ends on ${formatDate(at)}`,
      body: "After that you move to the Free plan and lose its higher limits and features. Changed your mind?",
      action: { label: "Resume subscription", href: "/billing/plans#cancel" },
    });
  }
  if (sub && (sub.status === "past_due" || sub.status === "unpaid")) {
    const since = sub.pastDueSince ? new Date(sub.pastDueSince).getTime() : nowMs;
    const graceEnd = new Date(since + input.graceDays * DAY);
    banners.push({
      tone: "error",
      testId: "banner-past-due",
      title: input.effectivePlan.restricted ? "Your plan is restricted: a payment failed" : "A payment failed",
      body: input.effectivePlan.restricted
        ? "Free-plan limits apply until the open invoice is paid. Update your card and pay the invoice to restore your plan at once."
        : `Update your payment method before ${formatDate(graceEnd)} or your organisation falls back to the Free plan's limits.`,
      action: { label: "Update payment method", href: "/billing/payment-methods" },
    });
  }
  const pending = sub?.pendingChange as { planKey?: string; interval?: string; effectiveAt?: string } | null;
  if (pending?.planKey) {
    banners.push({
      tone: "info",
      testId: "banner-pending",
      title: `Changing to ${catalog.plans.find((p) => p.key === pending.planKey)?.name ?? pending.planKey} (${pending.interval === "year" ? "yearly" : "monthly"}) on ${formatDate(pending.effectiveAt)}`,
      body: "You keep your current plan until then.",
      action: { label: "Review plans", href: "/billing/plans" },
    });
  }
  // A trial's overage is never charged (docs/BILLING.md §2): its bars price it at $0.
  const overageCents = bars.reduce((s, b) => s + b.overageCents, 0);
  const nextInvoice = sub && isBilledStatus(sub.status) ? estimateNextInvoice(catalog, sub, overageCents) : null;
  const lowCredits = input.credits.low_balance_threshold !== null && input.credits.balance < input.credits.low_balance_threshold;
  return {
    // A restricted organisation still has its subscription (and pays for it): show that plan, and
    // whose limits apply (`limitsPlanName`) — the usage bars below use the effective plan's limits.
    plan: {
      key: shown.key,
      name: shown.name,
      interval: sub?.interval ?? null,
      amountCents: sub?.amountCents ?? 0,
      restricted: input.effectivePlan.restricted,
      limitsPlanName: plan.name,
    },
    status: statusBadge(sub?.status ?? null),
    discount: describeDiscount(sub?.discount, catalog.coupons.map((c) => c.code)),
    period: {
      start: input.usage.period.start,
      end: input.usage.period.end,
      daysLeft: Math.max(0, Math.ceil((new Date(input.usage.period.end).getTime() - nowMs) / DAY)),
    },
    banners,
    bars,
    overageCents,
    upgrade: upgradePrompt(catalog, plan, bars, sub?.interval ?? "month", period),
    nextInvoice,
    credits: { balance: input.credits.balance, low: lowCredits, expiringSoon: input.credits.expiring_soon.reduce((s, g) => s + g.remaining, 0) },
  };
}

/** The mirror's discounts ([{ coupon, promotionCode, percentOff, amountOffCents, duration }]) → "WELCOME20 — 20% off". */
export function describeDiscount(discount: unknown, codes: readonly string[] = []): string | null {
  const list = Array.isArray(discount) ? discount : discount && typeof discount === "object" ? [discount] : [];
  const first = list[0] as Record<string, unknown> | undefined;
  if (!first) return null;
  const couponId = typeof first.coupon === "string" ? first.coupon : null;
  const code = codes.find((c) => couponId === c || couponId?.startsWith(`${c}_`)) ?? couponId;
  const pct = typeof first.percentOff === "number" ? first.percentOff : null;
  const amt = typeof first.amountOffCents === "number" ? first.amountOffCents : null;
  const off = pct ? `${pct}% off` : amt ? `${formatMoney(amt)} off` : null;
  if (!code && !off) return null;
  return [code, off].filter(Boolean).join(" — ");
}

export type NextInvoiceEstimate = { final: boolean; date: string | null; subscriptionCents: number; overageCents: number; discountCents: number; totalCents: number; currency: string };

/**
 * docs/BILLING.md §6: the invoice issued on the period end (the trial end while trialing) if nothing
 * changes — the next period's plan price (the scheduled change's plan and interval when one is pending),
 * plus this period's overage (none for a trial), less the discounts still in force on that date, taken
 * off the whole subtotal as the invoice takes them (§4). A subscription set to cancel shows its final
 * invoice instead: the overage only.
 */
export function estimateNextInvoice(catalog: Catalog, sub: NonNullable<OverviewSubscription>, overageCents: number): NextInvoiceEstimate {
  const trialing = sub.status === "trialing";
  const chargedOverage = trialing ? 0 : overageCents;
  const periodEnd = trialing && sub.trialEnd ? sub.trialEnd : sub.currentPeriodEnd;
  const date = sub.cancelAtPeriodEnd ? (sub.cancelAt ?? periodEnd) : periodEnd;
  const pending = sub.pendingChange as { planKey?: string; interval?: string } | null;
  const nextPlanKey = pending?.planKey ?? sub.plan.key;
  const nextInterval = pending?.planKey ? pending.interval : sub.interval;
  const nextPlan = catalog.plans.find((p) => p.key === nextPlanKey);
  const unitPrice = nextPlan ? (nextInterval === "year" ? nextPlan.prices.yearly : nextPlan.prices.monthly) : null;
  // A plan the catalog does not price (a legacy price): the mirror's amount is all we know.
  const subscriptionCents = sub.cancelAtPeriodEnd ? 0 : unitPrice === null ? sub.amountCents : unitPrice * (sub.quantity ?? 1);
  const subtotal = subscriptionCents + chargedOverage;
  // A code limited to some plans (PRO50) counts only the lines of those plans: the next plan's price, this plan's overage.
  const baseFor = (d: MirrorDiscount) => (discountAppliesToPlan(d, nextPlanKey) ? subscriptionCents : 0) + (discountAppliesToPlan(d, sub.plan.key) ? chargedOverage : 0);
  const discountCents = unitPrice === null && !sub.cancelAtPeriodEnd ? 0 : discountCentsAt(subtotal, sub.discount, new Date(date ?? 0), { baseFor });
  return { final: sub.cancelAtPeriodEnd, date, subscriptionCents, overageCents: chargedOverage, discountCents, totalCents: subtotal - discountCents, currency: sub.currency };
}
