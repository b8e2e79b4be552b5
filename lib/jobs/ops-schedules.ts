import "server-only";
import { schedule } from "./schedule";

/**
 * The operations schedules (issue 7), on pg-boss crons in UTC; `runScheduledJobs` also runs them when
 * the sandbox clock moves. Imported for its side effect by lib/jobs/register-jobs.ts.
 */
export const OPS_RECONCILE_JOB = "ops-reconcile";
export const OPS_SUBSCRIPTION_MONITOR_JOB = "ops-subscription-monitor";
export const OPS_ANOMALY_JOB = "ops-anomaly";

/** Hourly at :17 — compare every organisation's mirror with Stripe and repair drift. */
schedule(
  OPS_RECONCILE_JOB,
  "17 * * * *",
  async () => {
    const { runReconciliation } = await import("./ops-reconcile");
    await runReconciliation();
  },
  { retryLimit: 1, expireInSeconds: 3_000, concurrency: 1 },
);

/** Daily at 23:50 UTC (the day's snapshot sees the day's end) — trial/expiry notices, grace-period restriction, the analytics snapshot. */
schedule(
  OPS_SUBSCRIPTION_MONITOR_JOB,
  "50 23 * * *",
  async () => {
    const { runSubscriptionMonitor } = await import("./ops-subscription-monitor");
    await runSubscriptionMonitor();
  },
  { retryLimit: 3, expireInSeconds: 1_800, concurrency: 1 },
);

/** Hourly at :05 — unusual usage in the hour that just ended. */
schedule(
  OPS_ANOMALY_JOB,
  "5 * * * *",
  async () => {
    const { detectUsageAnomalies } = await import("./ops-anomaly");
    await detectUsageAnomalies();
  },
  { retryLimit: 2, expireInSeconds: 600, concurrency: 1 },
);
