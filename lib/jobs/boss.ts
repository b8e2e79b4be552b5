import "server-only";
import type PgBoss from "pg-boss";
import { getDbHandle } from "@/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { pgBossOnPglite } from "./pglite-adapter";
import { getJobDefinition, listJobDefinitions, type JobDefinition, type JobHandler } from "./registry";

/**
 * One pg-boss per process. With Postgres it opens its own small pool on DATABASE_URL; with PGlite it
 * runs on the app's own PGlite instance (one connection, in this process). Workers share queues across
 * any number of processes through SKIP LOCKED.
 */
const g = globalThis as unknown as { __billingBoss?: Promise<PgBoss> | null; __billingBossReady?: PgBoss | null; __billingBossWorkers?: Map<string, string[]> };
const workers = (g.__billingBossWorkers ??= new Map());

export type StartJobsOptions = { /** pg-boss polling interval for workers, seconds (tests use 0.5). */ pollingIntervalSeconds?: number };

export function getRunningBoss(): PgBoss | null {
  return g.__billingBossReady ?? null;
}

export function startJobs(options: StartJobsOptions = {}): Promise<PgBoss> {
  g.__billingBoss ??= (async () => {
    const { default: PgBossClass } = await import("pg-boss");
    const handle = await getDbHandle();
    const boss =
      handle.kind === "pglite" && handle.pglite
        ? new PgBossClass({ db: pgBossOnPglite(handle.pglite), schema: "pgboss" })
        : new PgBossClass({ connectionString: env.DATABASE_URL!, schema: "pgboss", max: 4, application_name: "billing-jobs" });
    boss.on("error", (err) => logger.error({ err }, "pg-boss error"));
    await boss.start();
    for (const def of listJobDefinitions()) await registerQueue(boss, def, options);
    g.__billingBossReady = boss;
    logger.debug({ queues: listJobDefinitions().map((d) => d.name) }, "jobs started");
    return boss;
  })().catch((err) => {
    g.__billingBoss = null;
    throw err;
  });
  return g.__billingBoss;
}

/** Create the queue, start its worker, and (for scheduled jobs) its cron schedule. */
export async function registerQueue(boss: PgBoss, def: JobDefinition, options: StartJobsOptions = {}) {
  await boss.createQueue(def.name, {
    name: def.name,
    retryLimit: def.retryLimit,
    retryDelay: def.retryDelay,
    retryBackoff: def.retryBackoff,
    expireInSeconds: def.expireInSeconds,
  });
  if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "UTC" });
  if (workers.has(def.name)) return; // one set of workers per queue per process (a redefinition reuses it)
  const ids: string[] = [];
  workers.set(def.name, ids);
  const batchSize = Math.max(1, def.batchSize ?? 1);
  const makeRun = (self: { id?: string }) => async (jobs: PgBoss.JobWithMetadata<Record<string, unknown>>[]) => {
    const handler = (getJobDefinition(def.name)?.handler ?? def.handler) as JobHandler<Record<string, unknown>>;
    for (const job of jobs) {
      try {
        await handler(job.data ?? {}, { jobId: job.id, attempt: job.retryCount + 1, final: job.retryCount >= job.retryLimit });
      } catch (err) {
        // This job alone is retried (or failed): pg-boss then completes the batch's other jobs, and
        // `complete` only touches jobs still active.
        await boss.fail(def.name, job.id, { message: err instanceof Error ? err.message : String(err) });
      }
    }
    // A full batch means more are probably waiting: fetch again now rather than after the interval.
    if (jobs.length >= batchSize && self.id) boss.notifyWorker(self.id);
  };
  // pg-boss 10 runs one batch at a time per worker: `concurrency` workers give that many batches in flight.
  for (let i = 0; i < (def.concurrency ?? 1); i++) {
    const self: { id?: string } = {};
    self.id = await boss.work<Record<string, unknown>>(
      def.name,
      { includeMetadata: true, batchSize, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      makeRun(self),
    );
    ids.push(self.id);
  }
}

/**
 * Wake this process's idle workers of a queue (after this process queued a job): the job starts now,
 * not at the next poll. Workers in other processes still find it at their next poll.
 */
export function wakeWorkers(name: string) {
  const boss = g.__billingBossReady;
  for (const id of workers.get(name) ?? []) boss?.notifyWorker(id);
}

export async function stopJobs() {
  const pending = g.__billingBoss;
  g.__billingBoss = undefined;
  g.__billingBossReady = null;
  workers.clear();
  const boss = await pending?.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 5_000 });
}
