import "server-only";
import { registerSubscriber } from "@/lib/events/subscribers";
import { queueDeliveriesForEvent } from "./deliveries";

/** Outbound webhooks: one delivery per matching enabled endpoint per event (idempotent per event id). */
registerSubscriber({
  name: "webhooks-out",
  types: "*",
  async handle(event, row) {
    await queueDeliveriesForEvent(event, row);
  },
});
