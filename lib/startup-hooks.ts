import { env } from "@/lib/env";
import { logger } from "@/lib/log";

const SEED_LOCK = 7_346_222; // pg_advisory_lock key (next to db/migrate.ts's migration lock)

/**
 * What runs after migrations: seeding, Stripe catalog sync in sandbox mode, jobs.
 * Each step is independent and logged; a failing optional step does not stop the server.
 */
export async function runStartupHooks() {
  await (await import("@/lib/stripe/start-sandbox")).prepareStripeAtStart();
  const seedModule = env.SEED_ON_START ? await import("@/db/seed") : null;
  let seeded: Awaited<ReturnType<NonNullable<typeof seedModule>["seedIfEmpty"]>> = null;
  if (seedModule) {
    // Instances starting together on an empty database: one seeds, the others then find it seeded.
    const { getDbHandle } = await import("@/db");
    seeded = await (await getDbHandle()).withAdvisoryLock(SEED_LOCK, () => seedModule.seedIfEmpty());
  }
  await (await import("@/lib/stripe/start-sandbox")).syncCatalogAtStart();
  if (env.JOBS_ENABLED) {
    const { startBackgroundJobs } = await import("@/lib/jobs/start-jobs");
    await startBackgroundJobs();
  }
  logger.debug("startup hooks done");
  // The logins last, after everything start-up prints: in development the catalog sync's webhooks are
  // delivered first (the dev server compiles its webhook route then) and Next's own lines get a moment.
  // Passwords and keys never in production logs.
  if (seedModule) {
    const print = () => (seeded && env.NODE_ENV !== "production" ? seedModule.printSeed(seeded) : seedModule.printSeedReminder());
    if (env.NODE_ENV !== "development") print();
    else
      void (async () => {
        await (await import("@/lib/stripe/start-sandbox")).deliverStartupWebhooks();
        setTimeout(print, 1_500).unref();
      })();
  }
}
