import { catalog } from "@/lib/billing/catalog";
import type { Plan } from "@/lib/billing/catalog-schema";
import { formatMoney } from "@/lib/billing-ui/format";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { logger } from "@/lib/log";
import { db } from "@/db";
import { record, SYSTEM_ACTOR } from "@/lib/events/record";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { onCountersChanged, type CounterChange } from "./group-commit";
import { crossedThresholds } from "./period";

const inFlight = new Set<Promise<unknown>>();

/**
 * Usage alerts at 50/80/100 % of a quota, once per period per threshold (the notification's dedupe
 * key is org + metric + period + threshold). Runs after the usage is committed, off the answer path.
 */
export function alertOnUsage(changes: CounterChange[]) {
  const p = (async () => {
    for (const c of changes) {
      const { plan, limits } = await resolveOrgPlan(c.orgId);
      const included = limits[c.metric]?.included ?? null;
      // One jump past several thresholds (50 and 80 together) sends one alert: the highest one crossed.
      const pct = crossedThresholds(c.before, c.after, included).at(-1);
      if (pct === undefined) continue;
      const text = usageAlertText({ pct, metricKey: c.metric, plan, used: c.after, included: included! });
      await record(db, {
        actor: SYSTEM_ACTOR,
        orgId: c.orgId,
        target: c.metric,
        event: {
          type: "quota.threshold_crossed",
          data: { metric: c.metric, threshold: pct as 50 | 80 | 100, used: c.after, included: included!, period_start: c.periodStart.toISOString(), plan: plan.key },
        },
        key: `usage:${c.orgId}:${c.metric}:${c.periodStart.toISOString()}:${pct}`,
        notice: { kind: "usage_threshold", ...text, email: pct === 100 },
      });
    }
  })().catch((err) => logger.warn({ err: (err as Error).message }, "usage alert failed"));
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** What each threshold says: 50 % (half used), 80 % (nearing the limit), 100 % (overage charged, or blocked). */
export function usageAlertText(input: { pct: number; metricKey: string; plan: Plan; used: number; included: number }): { title: string; body: string } {
  const metric = catalog.metrics.find((m) => m.key === input.metricKey);
  const name = metric?.name ?? input.metricKey;
  const units = `${metric?.unit ?? ""}s`;
  const usedText = `${input.used.toLocaleString("en-US")} of the ${input.included.toLocaleString("en-US")} ${units} your ${input.plan.name} plan includes this period`;
  const rate = input.plan.limits[input.metricKey]?.overageUnitAmountCents ?? null;
  if (input.pct >= 100) {
    return {
      title: `${name}: ${input.plan.name} allowance used up`,
      body: `You have used ${usedText}. ${rate === null ? "Further use is refused until the next period or an upgrade." : `Further use is charged at ${formatMoney(rate)} per ${metric?.unit ?? "unit"} on your next invoice.`}`,
    };
  }
  if (input.pct >= 80) {
    return { title: `${name}: ${input.pct}% of your ${input.plan.name} allowance used — nearing the limit`, body: `You have used ${usedText}. Consider upgrading before you reach it.` };
  }
  return { title: `${name}: half of your ${input.plan.name} allowance used`, body: `You have used ${usedText}.` };
}

/** Wait for pending alert writes and, without pg-boss, their in-process fan-out (tests, graceful shutdown). */
export async function settleUsageAlerts() {
  while (inFlight.size) await Promise.all([...inFlight]);
  await drainInlineJobs();
}

onCountersChanged("usage-alerts", alertOnUsage);
