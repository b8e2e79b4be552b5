import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { STRIPE_API_VERSION } from "./api-version";

/**
 * The Stripe SDK client factory: the only module (with the payment-method form) that knows the mode.
 * - `STRIPE_SECRET_KEY` set → real Stripe (test or live; live keys are refused by lib/env.ts unless
 *   NODE_ENV=production and BILLING_LIVE_MODE=1).
 * - unset → the same SDK with a fetch-based HTTP client whose fetch hands every request to the
 *   in-process sandbox (lib/stripe/sandbox). Billing code never branches on the mode.
 * SDK-level retries are off: lib/stripe/call-stripe.ts owns timeouts, retries and the circuit breaker.
 */
export type StripeMode = "sandbox" | "test" | "live";

export const SANDBOX_SECRET_KEY = "sk_test_sandbox";
export const SANDBOX_PUBLISHABLE_KEY = "pk_test_sandbox";

export function stripeModeFor(secretKey: string | undefined): StripeMode {
  if (!secretKey) return "sandbox";
  return /^(sk|rk)_live_/.test(secretKey) ? "live" : "test";
}

/** "sandbox" without a key, "test" for sk_test_/rk_test_, "live" for sk_live_/rk_live_. */
export function stripeMode(): StripeMode {
  return stripeModeFor(env.STRIPE_SECRET_KEY);
}

export function isSandbox(): boolean {
  return stripeMode() === "sandbox";
}

/** The publishable key the browser uses (a fixed stand-in in sandbox mode). */
export function publishableKey(): string | null {
  return env.STRIPE_PUBLISHABLE_KEY ?? (isSandbox() ? SANDBOX_PUBLISHABLE_KEY : null);
}

/** fetch that loads the sandbox lazily, so real-Stripe deployments never load the emulator. */
const sandboxFetchLazy: typeof fetch = async (input, init) => {
  const { sandboxFetch } = await import("./sandbox");
  return sandboxFetch(input, init);
};

export function createStripeClient(secretKey: string | undefined = env.STRIPE_SECRET_KEY): Stripe {
  if (!secretKey) {
    return new Stripe(SANDBOX_SECRET_KEY, {
      apiVersion: STRIPE_API_VERSION,
      httpClient: Stripe.createFetchHttpClient(sandboxFetchLazy),
      maxNetworkRetries: 0,
      telemetry: false,
      appInfo: { name: "billing-kit (sandbox)" },
    });
  }
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 0,
    timeout: 20_000,
    appInfo: { name: "billing-kit" },
  });
}

const g = globalThis as unknown as { __billingStripe?: { key: string | undefined; client: Stripe } };

/** The process-wide client (rebuilt if the key changes, e.g. in tests). */
export function getStripe(): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!g.__billingStripe || g.__billingStripe.key !== key) g.__billingStripe = { key, client: createStripeClient(key) };
  return g.__billingStripe.client;
}

export type { Stripe };
