import "server-only";
import type { Sandbox } from "@billing-kit/stripe-sandbox";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { STRIPE_API_VERSION } from "./api-version";

/**
 * The Stripe SDK client factory: the only module that knows the mode and the only one that loads the
 * offline sandbox (the `@billing-kit/stripe-sandbox` package; eslint refuses it anywhere else).
 * - `STRIPE_SECRET_KEY` set → real Stripe (test or live; live keys are refused by lib/env.ts unless
 *   NODE_ENV=production and BILLING_LIVE_MODE=1). The sandbox is never loaded, and a production
 *   build made with a key does not contain it (next.config.ts; scripts/sandbox-exclusion-check.mjs).
 * - unset → the same SDK with a fetch-based HTTP client whose fetch hands every request to the
 *   in-process sandbox, loaded on first use. Billing code never branches on the mode.
 * SDK-level retries are off: lib/stripe/call-stripe.ts owns timeouts, retries and the circuit breaker.
 */
export type StripeMode = "sandbox" | "test" | "live";
export type { Sandbox };
export type { CardFormResult, PortalResult } from "@billing-kit/stripe-sandbox";

export const SANDBOX_SECRET_KEY = "sk_test_sandbox";
export const SANDBOX_PUBLISHABLE_KEY = "pk_test_sandbox";

export function stripeModeFor(secretKey: string | undefined): StripeMode {
  if (!secretKey) return "sandbox";
  return /^(sk|rk)_live_/.test(secretKey) ? "live" : "test";
}

/** "sandbox" without a key, "test" for sk_test_/rk_test_, "live" for sk_live_/rk_live_ (shown to people; code asks getSandbox()). */
export function stripeMode(): StripeMode {
  return stripeModeFor(env.STRIPE_SECRET_KEY);
}

/** The publishable key the browser uses (a fixed stand-in in sandbox mode). */
export function publishableKey(): string | null {
  return env.STRIPE_PUBLISHABLE_KEY ?? (env.STRIPE_SECRET_KEY ? null : SANDBOX_PUBLISHABLE_KEY);
}

/** How a person enters a card: the sandbox's own card form, or Stripe Elements with the publishable key. */
export function cardEntry(): { kind: "sandbox" } | { kind: "elements"; publishableKey: string } {
  return env.STRIPE_SECRET_KEY ? { kind: "elements", publishableKey: publishableKey() ?? "" } : { kind: "sandbox" };
}

const g = globalThis as unknown as { __billingSandbox?: Promise<Sandbox>; __billingStripe?: { key: string | undefined; client: Stripe } };

/**
 * The offline sandbox, or null when a Stripe key is set. Loaded and configured once per process, on
 * first use: its own small database pool (`billing-sandbox` on PostgreSQL) and its own tables
 * (created by its migrations on first use), the app's clock, and the webhook secret it signs with.
 */
export function getSandbox(): Promise<Sandbox | null> {
  if (env.STRIPE_SECRET_KEY) return Promise.resolve(null);
  g.__billingSandbox ??= loadSandbox().catch((err) => {
    g.__billingSandbox = undefined;
    throw err;
  });
  return g.__billingSandbox;
}

async function loadSandbox(): Promise<Sandbox> {
  const [{ createSandbox }, { sidePoolDb }, clock, { logger }, { sandboxSigningSecret }] = await Promise.all([
    import("@billing-kit/stripe-sandbox"),
    import("@/db"),
    import("@/lib/clock"),
    import("@/lib/log"),
    import("./webhooks/webhook-secret"),
  ]);
  const appUrl = env.APP_URL.replace(/\/$/, "");
  return createSandbox({
    db: sidePoolDb("billing-sandbox", 2), // the sandbox serialises its work: one connection, two for after-commit delivery
    clock: { nowMs: clock.nowMs, offsetMs: clock.clockOffsetMs, setOffsetMs: clock.setClockOffset },
    hostedUrl: `${appUrl}/sandbox`,
    webhookTarget: `${appUrl}/api/webhooks/stripe`,
    webhookSecret: sandboxSigningSecret(),
    // Under test nothing listens on APP_URL: only a test's transport receives events.
    autoDeliverWebhooks: env.NODE_ENV !== "test",
    // A dev server compiles the webhook route on its first delivery, which can take a minute on a busy machine.
    webhookTimeoutMs: env.NODE_ENV === "development" ? 120_000 : 30_000,
    // Real-Postgres test files share a template but each process has its own clock (see the package README).
    scope: env.NODE_ENV === "test" ? `test-${process.pid}` : "default",
    logger: logger.child({ module: "stripe-sandbox" }),
  });
}

/** fetch that loads the sandbox lazily, so real-Stripe deployments never load the emulator. */
const sandboxFetch: typeof fetch = async (input, init) => {
  const sandbox = await getSandbox();
  if (!sandbox) throw new Error("the Stripe sandbox is off: STRIPE_SECRET_KEY is set");
  return sandbox.fetch(input, init);
};

export function createStripeClient(secretKey: string | undefined = env.STRIPE_SECRET_KEY): Stripe {
  if (!secretKey) {
    return new Stripe(SANDBOX_SECRET_KEY, {
      apiVersion: STRIPE_API_VERSION,
      httpClient: Stripe.createFetchHttpClient(sandboxFetch),
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

/** The process-wide client (rebuilt if the key changes, e.g. in tests). */
export function getStripe(): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!g.__billingStripe || g.__billingStripe.key !== key) g.__billingStripe = { key, client: createStripeClient(key) };
  return g.__billingStripe.client;
}

export type { Stripe };
