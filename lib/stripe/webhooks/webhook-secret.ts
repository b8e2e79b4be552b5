import { env } from "@/lib/env";

/**
 * The signing secret of the offline sandbox's webhook endpoint. Public on purpose: it only ever signs
 * events the in-process sandbox sends to this app's own route. The sandbox imports it to sign.
 */
export const SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_0000000000000000000000000000"; // = lib/stripe/sandbox/webhooks.ts

/** Signing tolerance in seconds: older signatures are rejected (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The secret the webhook route verifies against: STRIPE_WEBHOOK_SECRET when set; the sandbox's secret
 * when no real Stripe key is configured; otherwise null (real Stripe without a webhook secret — the
 * route refuses every event rather than accept unsigned ones).
 */
export function webhookSecret(): string | null {
  if (env.STRIPE_WEBHOOK_SECRET) return env.STRIPE_WEBHOOK_SECRET;
  if (!env.STRIPE_SECRET_KEY) return SANDBOX_WEBHOOK_SECRET;
  return null;
}
