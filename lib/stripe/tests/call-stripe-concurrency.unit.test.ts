import { afterEach, describe, expect, it } from "vitest";
import { callStripe } from "@/lib/stripe/call-stripe";

/**
 * Many Stripe calls in flight at once (a webhook burst, a busy dashboard) must not make Node warn
 * about leaked abort listeners: each call gets its own abort signal instead of cockatiel's shared one.
 */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

afterEach(() => {
  process.off("warning", onWarning);
  warnings.length = 0;
});

describe("callStripe under concurrency", () => {
  it("30 calls in flight: all answered, no MaxListenersExceededWarning", async () => {
    process.on("warning", onWarning);
    const slow = (i: number) => callStripe("customers.retrieve", () => new Promise<number>((resolve) => setTimeout(() => resolve(i), 100)));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => slow(i)));
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on the next tick
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning").map((w) => w.message)).toEqual([]);
  });
});
