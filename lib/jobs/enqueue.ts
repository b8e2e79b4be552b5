import "server-only";
import { randomUUID } from "node:crypto";
import { logger } from "@/lib/log";
import { getRunningBoss, wakeWorkers } from "./boss";
import { getJobDefinition, type JobHandler } from "./registry";

const g = globalThis as unknown as { __billingInlineJobs?: Set<Promise<void>> };
const inline = (g.__billingInlineJobs ??= new Set());

export type EnqueueOptions = { /** At most one queued job per key (pg-boss singletonKey). */ singletonKey?: string; startAfterSeconds?: number };

/**
 * Queue a job. With a running boss it is a pg-boss job (retries with backoff, any worker process).
 * Without one (JOBS_ENABLED=0, tests, scripts) the handler runs in this process right away, in the
 * background, once — `drainInlineJobs()` waits for those runs.
 */
export async function enqueue(name: string, data: object = {}, options: EnqueueOptions = {}): Promise<string | null> {
  const def = getJobDefinition(name);
  if (!def) throw new Error(`unknown job "${name}" (define it with defineJob first)`);
  const boss = getRunningBoss();
  if (boss) {
    const id = await boss.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
    if (id && !options.startAfterSeconds) wakeWorkers(name);
    return id;
  }
  const jobId = `inline_${randomUUID()}`;
  const run = (async () => {
    try {
      await (def.handler as JobHandler<object>)(data, { jobId, attempt: 1, final: true });
    } catch (err) {
      logger.error({ err, job: name, jobId }, "inline job failed");
    }
  })();
  inline.add(run);
  void run.finally(() => inline.delete(run));
  return jobId;
}

/** Wait until every in-process (inline) job — including ones they enqueue — has finished. */
export async function drainInlineJobs(): Promise<void> {
  while (inline.size > 0) await Promise.allSettled([...inline]);
}
