import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { createStripeClient, stripeModeFor } from "@/lib/stripe/client";
import { declineReason, deriveIdempotencyKey, isTransientStripeError, toAppError } from "@/lib/stripe/call-stripe";
import Stripe from "stripe";

describe("live keys are refused on a laptop", () => {
  const base = { AUTH_SECRET: "x".repeat(40) };
  const problems = (src: Record<string, string>) => {
    try {
      parseEnv(src);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      return (err as EnvError).problems;
    }
  };

  it("sk_live_ in development is refused, naming the variable", () => {
    expect(problems({ ...base, NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_live_abc" })).toEqual([
      "STRIPE_SECRET_KEY: a live key is refused unless NODE_ENV=production and BILLING_LIVE_MODE=1",
    ]);
  });
  it("rk_live_ in production without BILLING_LIVE_MODE=1 is refused", () => {
    expect(problems({ ...base, NODE_ENV: "production", STRIPE_SECRET_KEY: "rk_live_abc" })).toHaveLength(1);
  });
  it("BILLING_LIVE_MODE=1 outside production is refused", () => {
    expect(problems({ ...base, NODE_ENV: "test", BILLING_LIVE_MODE: "1", STRIPE_SECRET_KEY: "sk_live_abc" })).toHaveLength(1);
  });
  it("production + BILLING_LIVE_MODE=1 accepts it, in live mode", () => {
    const env = parseEnv({ ...base, NODE_ENV: "production", BILLING_LIVE_MODE: "1", STRIPE_SECRET_KEY: "sk_live_abc" });
    expect(stripeModeFor(env.STRIPE_SECRET_KEY)).toBe("live");
  });
  it("a test key is fine anywhere; no key is the sandbox", () => {
    expect(problems({ ...base, NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_test_abc" })).toEqual([]);
    expect(stripeModeFor("sk_test_abc")).toBe("test");
    expect(stripeModeFor("rk_test_abc")).toBe("test");
    expect(stripeModeFor(undefined)).toBe("sandbox");
  });
});

describe("client factory", () => {
  it("pins the API version and disables SDK retries (the wrapper owns them)", () => {
    for (const key of [undefined, "sk_test_abc"]) {
      const s = createStripeClient(key) as unknown as { getApiField(k: string): unknown };
      expect(s.getApiField("version")).toBe(STRIPE_API_VERSION);
      expect(s.getApiField("maxNetworkRetries")).toBe(0);
    }
    expect(STRIPE_API_VERSION).toBe("2026-10-28.endive");
  });
  it("the sandbox package speaks the version the app pins", async () => {
    const { SANDBOX_API_VERSION } = await import("@billing-kit/stripe-sandbox");
    expect(SANDBOX_API_VERSION).toBe(STRIPE_API_VERSION);
  });
});

describe("error mapping", () => {
  const card = (decline_code: string) =>
    new Stripe.errors.StripeCardError({ type: "card_error", code: "card_declined", decline_code, message: "raw stripe text" });

  it("card errors → 402 in plain words", () => {
    const e = toAppError("paymentIntents.confirm", card("insufficient_funds"));
    expect([e.status, e.code, e.message]).toEqual([402, "card_declined", "Your card has insufficient funds."]);
    expect(declineReason({ code: "expired_card" })).toBe("Your card has expired.");
    expect(declineReason({ code: "something_new" })).toBe("Your card was declined.");
  });
  it("invalid requests → 400 without Stripe's text", () => {
    const e = toAppError("prices.create", new Stripe.errors.StripeInvalidRequestError({ type: "invalid_request_error", message: "Missing required param: product.", param: "product" }));
    expect([e.status, e.code]).toEqual([400, "invalid_billing_request"]);
    expect(e.message).not.toContain("product");
  });
  it("authentication errors are not retried and become 503", () => {
    const err = new Stripe.errors.StripeAuthenticationError({ type: "authentication_error", message: "Invalid API Key" });
    expect(isTransientStripeError(err)).toBe(false);
    expect(toAppError("x", err).status).toBe(503);
  });
  it("transient classification", () => {
    expect(isTransientStripeError(new Stripe.errors.StripeAPIError({ type: "api_error", message: "boom", statusCode: 502 } as never))).toBe(true);
    expect(isTransientStripeError(new Stripe.errors.StripeConnectionError({ message: "reset" }))).toBe(true);
    expect(isTransientStripeError(card("generic_decline"))).toBe(false);
    expect(isTransientStripeError(new Error("other"))).toBe(false);
  });
  it("idempotency keys are stable per operation and key, and short", () => {
    const a = deriveIdempotencyKey("customers.create", "org_1");
    expect(deriveIdempotencyKey("customers.create", "org_1")).toBe(a);
    expect(deriveIdempotencyKey("customers.create", "org_2")).not.toBe(a);
    expect(deriveIdempotencyKey("subscriptions.create", "org_1")).not.toBe(a);
    expect(a.length).toBeLessThan(80);
  });
});
