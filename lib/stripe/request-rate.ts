import "server-only";
import { RateLimiterMemory, RateLimiterQueue } from "rate-limiter-flexible";
import { env } from "@/lib/env";

/**
 * The most Stripe requests this process starts per second. Stripe allows about 100 read requests per
 * second per account in live mode and 25 in test mode; a webhook burst or a backfill must stay under
 * that instead of tripping a 429 storm. Default: 80/s with a live key, 20/s with a test key, no cap for
 * the offline sandbox. `STRIPE_REQUESTS_PER_SECOND` overrides it; the cap is per instance, so with
 * several instances set it to the account's budget divided by their number.
 */
export function stripeRequestRate(key: string | undefined = env.STRIPE_SECRET_KEY, override: number | undefined = env.STRIPE_REQUESTS_PER_SECOND): number | null {
  if (override) return override;
  if (!key) return null;
  return key.includes("_live_") ? 80 : 20;
}

type Gate = { rate: number | null; queue: RateLimiterQueue | null };
const g = globalThis as unknown as { __billingStripeRate?: Gate };

function build(rate: number | null): Gate {
  // Fixed one-second windows: at most `rate` requests start in each; callers beyond it wait, in order.
  return { rate, queue: rate ? new RateLimiterQueue(new RateLimiterMemory({ points: rate, duration: 1 })) : null };
}

/** Tests and the bench set the cap directly (null = none). */
export function configureStripeRequestRate(rate: number | null): void {
  g.__billingStripeRate = build(rate);
}

/** Wait for a slot to start one Stripe request (at once when there is no cap). */
export async function takeStripeRequestSlot(): Promise<void> {
  g.__billingStripeRate ??= build(stripeRequestRate());
  const { queue } = g.__billingStripeRate;
  if (queue) await queue.removeTokens(1);
}
