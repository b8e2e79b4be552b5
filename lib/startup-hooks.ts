import { env } from "@/lib/env";
import { logger } from "@/lib/log";

/**
 * What runs after migrations: seeding, Stripe catalog sync in sandbox mode, jobs.
 * Each step is independent and logged; a failing optional step does not stop the server.
 */
export async function runStartupHooks() {
  await (await import("@/lib/stripe/start-sandbox")).prepareStripeAtStart();
  if (env.SEED_ON_START) {
    const { seedIfEmpty } = await import("@/db/seed");
    await seedIfEmpty();
  }
  await (await import("@/lib/stripe/start-sandbox")).syncCatalogAtStart();
  if (env.JOBS_ENABLED) {
    const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
    await startBackgroundJobs();
  }
  logger.debug("startup hooks done");
}
