/**
 * The job registry: every background job is defined once, by name, with its handler and retry policy.
 * `lib/jobs/boss.ts` turns the registry into pg-boss queues, workers and cron schedules; without a
 * running boss (JOBS_ENABLED=0, tests) `enqueue` runs the handler in-process (see enqueue.ts).
 */
export type JobMeta = { jobId: string; attempt: number; /** no retry follows if this attempt fails */ final: boolean };
export type JobHandler<T = Record<string, unknown>> = (data: T, meta: JobMeta) => Promise<void>;

export type JobOptions = {
  /** Retries after the first attempt (pg-boss retryLimit). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled each retry when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** Seconds a job may run before pg-boss treats it as failed. */
  expireInSeconds?: number;
  /** Jobs of this queue run at most this many at a time per process (one pg-boss worker each). */
  concurrency?: number;
  /**
   * Jobs each worker fetches at once (run one after another, each failing or completing on its own).
   * A fetch that comes back full is followed by the next fetch at once instead of after the polling
   * interval, so a backlog drains at processing speed.
   */
  batchSize?: number;
};

export type JobDefinition = JobOptions & {
  name: string;
  handler: JobHandler<never>;
  /** Cron expression (UTC) for scheduled jobs. */
  cron?: string;
};

const g = globalThis as unknown as { __billingJobs?: Map<string, JobDefinition> };
const registry = (g.__billingJobs ??= new Map());

export const DEFAULT_JOB_OPTIONS: Required<JobOptions> = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 300,
  concurrency: 2,
  batchSize: 1,
};

/** Define (or redefine, on hot reload) a job queue. */
export function defineJob<T extends object>(name: string, handler: JobHandler<T>, options: JobOptions = {}): JobDefinition {
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name)) throw new Error(`job name "${name}": use lowercase letters, digits, - _ .`);
  const def: JobDefinition = { ...DEFAULT_JOB_OPTIONS, ...registry.get(name), ...options, name, handler: handler as JobHandler<never> };
  registry.set(name, def);
  return def;
}

export function getJobDefinition(name: string): JobDefinition | undefined {
  return registry.get(name);
}

export function listJobDefinitions(): JobDefinition[] {
  return [...registry.values()];
}
