import "server-only";
import { logger } from "@/lib/log";
import { listJobDefinitions, type JobHandler } from "./registry";

/**
 * Run every scheduled job once, now, in this process (in definition order). Called when the app clock
 * jumps (the sandbox's "advance time"), so monitors, expiry and the sweeper see the new time at once
 * instead of waiting for their next wall-clock cron tick. Returns the names that ran and any failures.
 */
export async function runScheduledJobs(names?: string[]): Promise<{ ran: string[]; failed: string[] }> {
  const ran: string[] = [];
  const failed: string[] = [];
  for (const def of listJobDefinitions()) {
    if (!def.cron || (names && !names.includes(def.name))) continue;
    try {
      await (def.handler as JobHandler<object>)({}, { jobId: `clock_${def.name}`, attempt: 1, final: true });
      ran.push(def.name);
    } catch (err) {
      failed.push(def.name);
      logger.error({ err, job: def.name }, "scheduled job failed");
    }
  }
  return { ran, failed };
}
