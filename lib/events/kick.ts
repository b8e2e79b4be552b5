import "server-only";
import { enqueue } from "@/lib/jobs/enqueue";
import { DOMAIN_EVENT_JOB } from "@/lib/jobs/domain-event-job";
import { logger } from "@/lib/log";

/**
 * Queue the dispatch of a just-recorded event (one queued job per event id). Called by record() before
 * the recording transaction commits and never awaited there: the dispatcher waits for that transaction
 * (advisory lock; on PGlite the single connection) and does nothing if it rolled back. A lost kick
 * (queue down, process killed) is made good by the sweeper.
 */
export function kickDispatch(eventId: string): Promise<unknown> {
  return enqueue(DOMAIN_EVENT_JOB, { eventId }, { singletonKey: eventId }).catch((err) =>
    logger.warn({ err: (err as Error).message, eventId }, "could not queue domain event dispatch (the sweeper will)"),
  );
}
