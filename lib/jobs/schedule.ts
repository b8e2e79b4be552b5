import "server-only";
import { logger } from "@/lib/log";
import { getRunningBoss } from "./boss";
import { defineJob, type JobHandler, type JobOptions } from "./registry";

/**
 * A recurring job on a cron expression (UTC). pg-boss runs it on the wall clock; `runScheduledJobs`
 * (called after the sandbox clock moves) runs every scheduled job once, so jobs also follow app time.
 */
export function schedule<T extends object>(name: string, cron: string, handler: JobHandler<T>, options: JobOptions = {}) {
  const def = defineJob(name, handler, options);
  def.cron = cron;
  const boss = getRunningBoss();
  if (boss) void import("./boss").then(({ registerQueue }) => registerQueue(boss, def)).catch((err) => logger.error({ err, job: name }, "could not schedule job"));
  return def;
}
