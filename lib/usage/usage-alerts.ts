import { catalog } from "@/lib/billing/catalog";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { logger } from "@/lib/log";
import { notify } from "@/lib/notifications/notify";
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
      const { plan } = await resolveOrgPlan(c.orgId);
      const included = plan.limits[c.metric]?.included ?? null;
      for (const pct of crossedThresholds(c.before, c.after, included)) {
        const metric = catalog.metrics.find((m) => m.key === c.metric);
        await notify({
          orgId: c.orgId,
          kind: "usage_threshold",
          title: `${metric?.name ?? c.metric}: ${pct}% of your ${plan.name} quota used`,
          body: `Your organisation has used ${c.after.toLocaleString("en-US")} of ${included!.toLocaleString("en-US")} ${metric?.unit ?? ""}s included this period.`,
          dedupeKey: `usage:${c.orgId}:${c.metric}:${c.periodStart.toISOString()}:${pct}`,
          email: pct === 100,
        });
      }
    }
  })().catch((err) => logger.warn({ err: (err as Error).message }, "usage alert failed"));
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** Wait for pending alert writes (tests, graceful shutdown). */
export async function settleUsageAlerts() {
  while (inFlight.size) await Promise.all([...inFlight]);
}

onCountersChanged("usage-alerts", alertOnUsage);
