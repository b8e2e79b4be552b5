import "server-only";
import { schedule } from "./schedule";

/**
 * Metering schedules: credit expiry (expired holds return, expired grants lapse) and the
 * usage-to-Stripe-meter flush. Imported for its side effect by lib/jobs/register-jobs.ts.
 */
export const CREDIT_EXPIRY_JOB = "credits-expire";
export const METER_FLUSH_JOB = "usage-meter-flush";

/** Every 5 minutes: holds past their TTL return their credits; grants past expiry lapse. */
schedule(
  CREDIT_EXPIRY_JOB,
  "*/5 * * * *",
  async () => {
    const { expireHoldsAndGrants } = await import("@/lib/credits/expire-holds-and-grants");
    await expireHoldsAndGrants();
  },
  { retryLimit: 2, expireInSeconds: 600, concurrency: 1 },
);

/** Every 10 minutes: report unreported metered usage to Stripe billing meters (idempotent identifiers). */
schedule(
  METER_FLUSH_JOB,
  "*/10 * * * *",
  async () => {
    const { reportOverage } = await import("@/lib/usage/report-overage");
    await reportOverage();
  },
  { retryLimit: 3, expireInSeconds: 900, concurrency: 1 },
);
