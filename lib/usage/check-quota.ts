import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db";
import { usageCounters } from "@/db/schema";
import { catalog } from "@/lib/billing/catalog";
import { resolveOrgPlan, type OrgPlan } from "@/lib/billing/resolve-org-plan";
import { badRequest } from "@/lib/errors";
import { execRows, num } from "./exec-rows";
import { crossedThresholds } from "./period";
import { getSpendCap, noteSpendCapReached } from "./spend-cap";
import { alertOnUsage } from "./usage-alerts";
import { gaugeValue } from "./gauges";
import { metricKind } from "./validate-usage-events";

export type QuotaResult = {
  allowed: boolean;
  /** The effective limit (included, or the spend-cap ceiling); null = unlimited. */
  limit: number | null;
  used: number;
  remaining: number | null;
  resets_at: string;
  overage: number;
  reason?: "quota_exceeded" | "spend_cap_reached" | "not_entitled" | "subscription_restricted";
  /** The counter's period (to refund into the same row). */
  period_start: string;
};

export type CheckInput = { orgId: string; metric?: string; feature?: string; quantity?: number };

type Limits = { included: number | null; ceiling: number | null; hard: boolean; capped: boolean };

/** The metric's effective ceiling for this org: included for hard limits, included + cap/unit price with a spend cap. */
async function limitsFor(orgId: string, org: OrgPlan, metric: string): Promise<Limits> {
  const l = org.limits[metric] ?? { included: 0, overageUnitAmountCents: null };
  if (l.included === null) return { included: null, ceiling: null, hard: false, capped: false };
  if (l.overageUnitAmountCents === null) return { included: l.included, ceiling: l.included, hard: true, capped: false };
  const cap = await getSpendCap(orgId);
  if (cap === null) return { included: l.included, ceiling: null, hard: false, capped: false };
  // The cap covers every metric's overage this period: subtract what the other metrics already spent.
  const others = await db
    .select({ metric: usageCounters.metric, used: usageCounters.used })
    .from(usageCounters)
    .where(and(eq(usageCounters.orgId, orgId), eq(usageCounters.periodStart, org.periodStart)));
  let spent = 0;
  for (const o of others) {
    const ol = org.limits[o.metric];
    if (o.metric === metric || !ol || ol.included === null || ol.overageUnitAmountCents === null) continue;
    spent += Math.max(0, o.used - ol.included) * ol.overageUnitAmountCents;
  }
  const units = Math.max(0, Math.floor((cap - spent) / l.overageUnitAmountCents));
  return { included: l.included, ceiling: l.included + units, hard: true, capped: true };
}

function shape(allowed: boolean, used: number, lim: Limits, org: OrgPlan, reason?: QuotaResult["reason"]): QuotaResult {
  return {
    allowed,
    limit: lim.ceiling ?? lim.included,
    used,
    remaining: lim.ceiling === null ? (lim.included === null ? null : Math.max(0, lim.included - used)) : Math.max(0, lim.ceiling - used),
    resets_at: org.periodEnd.toISOString(),
    overage: lim.included === null ? 0 : Math.max(0, used - lim.included),
    ...(reason ? { reason } : {}),
    period_start: org.periodStart.toISOString(),
  };
}

/**
 * May this organisation use `quantity` more of `metric` (or does it have `feature`)? With
 * `consume`, a sum metric is also counted — enforced and counted in ONE atomic statement for hard
 * limits (`… DO UPDATE … WHERE used + q <= limit RETURNING`), so concurrent callers never overshoot.
 */
export async function check(input: CheckInput, opts: { consume?: boolean } = {}): Promise<QuotaResult> {
  const quantity = input.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw badRequest("quantity must be a non-negative integer.", undefined, "invalid_quantity");
  const org = await resolveOrgPlan(input.orgId);
  if (input.feature !== undefined) {
    if (!catalog.features.some((f) => f.key === input.feature)) throw badRequest(`Unknown feature "${input.feature}".`, undefined, "unknown_feature");
    const ok = org.plan.entitlements.includes(input.feature);
    return {
      allowed: ok,
      limit: null,
      used: 0,
      remaining: null,
      resets_at: org.periodEnd.toISOString(),
      overage: 0,
      ...(ok ? {} : { reason: org.restricted ? ("subscription_restricted" as const) : ("not_entitled" as const) }),
      period_start: org.periodStart.toISOString(),
    };
  }
  const metric = input.metric ?? "";
  const kind = metricKind(metric);
  if (!kind) throw badRequest(`Unknown metric "${metric}".`, undefined, "unknown_metric");
  const lim = await limitsFor(input.orgId, org, metric);
  const denyReason = () => (lim.capped ? "spend_cap_reached" : org.restricted ? "subscription_restricted" : "quota_exceeded") as QuotaResult["reason"];

  if (kind === "gauge") {
    // A gauge is a current total (seats = members): may it grow by `quantity`?
    const used = await gaugeValue(input.orgId, metric);
    const ok = lim.ceiling === null || used + quantity <= lim.ceiling;
    return shape(ok, used, lim, org, ok ? undefined : denyReason());
  }
  if (!opts.consume || quantity === 0) {
    const [row] = await db
      .select({ used: usageCounters.used })
      .from(usageCounters)
      .where(and(eq(usageCounters.orgId, input.orgId), eq(usageCounters.metric, metric), eq(usageCounters.periodStart, org.periodStart)));
    const used = row?.used ?? 0;
    const ok = lim.ceiling === null || used + quantity <= lim.ceiling;
    return shape(ok, used, lim, org, ok ? undefined : denyReason());
  }

  const ceiling = lim.hard ? lim.ceiling : null;
  const rows = await execRows<{ used: unknown }>(
    db,
    sql`insert into usage_counters (org_id, metric, period_start, period_end, used, peak, updated_at)
        select ${input.orgId}, ${metric}, ${org.periodStart.toISOString()}::timestamptz, ${org.periodEnd.toISOString()}::timestamptz, ${quantity}::bigint, ${quantity}::bigint, now()
        where ${ceiling}::bigint is null or ${quantity}::bigint <= ${ceiling}::bigint
        on conflict (org_id, metric, period_start) do update
          set used = usage_counters.used + excluded.used,
              peak = greatest(usage_counters.peak, usage_counters.used + excluded.used),
              updated_at = excluded.updated_at
          where ${ceiling}::bigint is null or usage_counters.used + excluded.used <= ${ceiling}::bigint
        returning used`,
  );
  if (rows.length === 0) {
    const [row] = await db
      .select({ used: usageCounters.used })
      .from(usageCounters)
      .where(and(eq(usageCounters.orgId, input.orgId), eq(usageCounters.metric, metric), eq(usageCounters.periodStart, org.periodStart)));
    if (lim.capped) noteSpendCapReached(input.orgId, org.periodStart);
    return shape(false, row?.used ?? 0, lim, org, denyReason());
  }
  const used = num(rows[0]!.used);
  if (crossedThresholds(used - quantity, used, lim.included).length) {
    alertOnUsage([{ orgId: input.orgId, metric, periodStart: org.periodStart, before: used - quantity, after: used }]);
  }
  return shape(true, used, lim, org);
}

/** Enforce and count in one atomic statement (withUsage's "before" step). */
export const consumeQuota = (input: CheckInput & { metric: string }) => check(input, { consume: true });

/** Give back counted usage (the wrapped handler failed). Never below zero. */
export async function refundQuota(input: { orgId: string; metric: string; periodStart: string; quantity: number }) {
  await db
    .update(usageCounters)
    .set({ used: sql`greatest(${usageCounters.used} - ${input.quantity}, 0)` })
    .where(and(eq(usageCounters.orgId, input.orgId), eq(usageCounters.metric, input.metric), eq(usageCounters.periodStart, new Date(input.periodStart))));
}
