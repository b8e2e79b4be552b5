import { afterEach, describe, expect, it } from "vitest";
import { callStripe, configureStripeResilience } from "@/lib/stripe/call-stripe";
import { configureStripeRequestRate, stripeRequestRate } from "@/lib/stripe/request-rate";

/**
 * Issue 15: against real Stripe a burst never exceeds a configurable request rate (default 80/s live,
 * 20/s test mode). Only lower bounds on time are asserted: a busy machine can make the calls slower,
 * never faster, so these cannot pass by luck or fail by load.
 */
afterEach(() => {
  configureStripeRequestRate(null);
  configureStripeResilience();
});

describe("Stripe request rate", () => {
  it("defaults: 80/s with a live key, 20/s with a test key, no cap in the sandbox; the setting wins", () => {
    expect(stripeRequestRate("sk_live_abc", undefined)).toBe(80);
    expect(stripeRequestRate("rk_live_abc", undefined)).toBe(80);
    expect(stripeRequestRate("sk_test_abc", undefined)).toBe(20);
    expect(stripeRequestRate(undefined, undefined)).toBeNull();
    expect(stripeRequestRate("sk_live_abc", 40)).toBe(40);
    expect(stripeRequestRate(undefined, 5)).toBe(5);
  });

  it("a burst of 25 calls at 10/s: the 11th cannot start before 1 s has passed, the 21st before 2 s", async () => {
    configureStripeRequestRate(10);
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 25 }, () =>
        callStripe("customers.retrieve", async () => {
          starts.push(Date.now());
          return null;
        }),
      ),
    );
    expect(starts).toHaveLength(25);
    starts.sort((a, b) => a - b);
    // The limiter's windows open at or after t0 and a call starts no earlier than its slot: lower bounds
    // only (a busy machine delays starts, it never advances them). Without the cap all 25 start at once.
    expect(starts[10]! - t0).toBeGreaterThanOrEqual(995);
    expect(starts[20]! - t0).toBeGreaterThanOrEqual(1_995);
  });

  it("waiting for a slot does not count against the per-attempt timeout", async () => {
    configureStripeResilience({ timeoutMs: 300, retries: 0 });
    configureStripeRequestRate(2);
    // 6 calls at 2/s: the last waits ~2 s for its slot, far longer than the 300-ms attempt timeout.
    const out = await Promise.all(Array.from({ length: 6 }, (_, i) => callStripe("customers.retrieve", async () => i)));
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
