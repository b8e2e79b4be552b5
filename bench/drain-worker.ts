/**
 * A second app instance for the drain bench (bench/webhook-drain.ts): the same pg-boss workers on the
 * same DATABASE_URL, nothing else. Prints "ready" once its workers run, "processed <n>" (stripe-event
 * jobs it completed) on SIGUSR2, and stops gracefully on SIGTERM.
 */
async function main() {
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
  await import("@/lib/jobs/register-jobs");
  const { getJobDefinition, defineJob } = await import("@/lib/jobs/registry");
  const { STRIPE_EVENT_JOB } = await import("@/lib/jobs/stripe-event-job");
  const def = getJobDefinition(STRIPE_EVENT_JOB)!;
  let processed = 0;
  const { name, handler, cron, ...options } = def;
  void cron;
  defineJob<{ eventId: string }>(name, async (data, meta) => {
    await (handler as (d: typeof data, m: typeof meta) => Promise<void>)(data, meta);
    processed++;
  }, options);
  const { startJobs, stopJobs } = await import("@/lib/jobs/boss");
  await startJobs();
  process.on("SIGUSR2", () => console.log(`processed ${processed}`));
  process.on("SIGTERM", () => void stopJobs().finally(() => process.exit(0)));
  console.log("ready");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
