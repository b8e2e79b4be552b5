import { callStripe } from "@/lib/stripe/call-stripe";

export type MeterEventInput = { customerId: string; eventName: string; value: number; identifier: string; timestamp: Date };
export type MeterAdapter = { reportMeterEvent: (e: MeterEventInput) => Promise<void> };

/**
 * The Stripe side of overage reporting: one billing meter event per report, through the resilience
 * wrapper (retries, breaker). `identifier` is stable, so Stripe counts a resent event once.
 */
export const stripeMeterAdapter: MeterAdapter = {
  async reportMeterEvent(e) {
    await callStripe(
      "billing.meterEvents.create",
      (s, o) =>
        s.billing.meterEvents.create(
          {
            event_name: e.eventName,
            payload: { stripe_customer_id: e.customerId, value: String(e.value) },
            identifier: e.identifier,
            timestamp: Math.floor(e.timestamp.getTime() / 1000),
          },
          o,
        ),
      { idempotencyKey: e.identifier },
    );
  },
};
