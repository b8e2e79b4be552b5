import "server-only";
import { enqueue } from "@/lib/jobs/enqueue";
import { STRIPE_EVENT_JOB } from "@/lib/jobs/stripe-event-job";

/** Hand a stored event to the `stripe-event` queue (one queued job per event id). */
export function enqueueStripeEvent(eventId: string) {
  return enqueue(STRIPE_EVENT_JOB, { eventId }, { singletonKey: eventId });
}
