import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const SEED_LOCK = 7_346_222; // pg_advisory_lock key (next to db/migrate.ts's migration lock)

/**
 * What runs after migrations: seeding, Stripe catalog sync in sandbox mode, jobs.
 * Each step is independent and logged; a failing optional step does not stop the server.
 */
export async function runStartupHooks() {
  await (await import("@/lib/stripe/start-sandbox")).prepareStripeAtStart();
  if (env.SEED_ON_START) {
    const { seedIfEmpty } = await import("@/db/seed");
    // Instances starting together on an empty database: one seeds, the others then find it seeded.
    const { getDbHandle } = await import("@/db");
    await (await getDbHandle()).withAdvisoryLock(SEED_LOCK, () => seedIfEmpty());
  }
  await (await import("@/lib/stripe/start-sandbox")).syncCatalogAtStart();
  if (env.JOBS_ENABLED) {
    const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
    await startBackgroundJobs();
  }
  logger.debug("startup hooks done");
}
