import { env } from "@/lib/env";
import { PUBLIC_SANDBOX_WEBHOOK_SECRET } from "./public-sandbox-secret";

export { PUBLIC_SANDBOX_WEBHOOK_SECRET };

/** Signing tolerance in seconds: older signatures are rejected (replay protection). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The public development secret is good only for the sandbox, and never in production. */
function publicSecretAllowed(): boolean {
  return !env.STRIPE_SECRET_KEY && env.NODE_ENV !== "production";
}

/**
 * The secret the webhook route verifies against: STRIPE_WEBHOOK_SECRET when set; the sandbox's public
 * secret only in sandbox mode outside production; otherwise null (the route refuses every event rather
 * than accept unsigned ones). lib/env.ts already stops start-up on the combinations refused here.
 */
export function webhookSecret(): string | null {
  const configured = env.STRIPE_WEBHOOK_SECRET;
  if (configured) return configured !== PUBLIC_SANDBOX_WEBHOOK_SECRET || publicSecretAllowed() ? configured : null;
  return publicSecretAllowed() ? PUBLIC_SANDBOX_WEBHOOK_SECRET : null;
}

/**
 * What the sandbox signs its events with (sandbox mode only, passed to it by lib/stripe/client.ts):
 * STRIPE_WEBHOOK_SECRET when set (required in production), else the public development secret.
 */
export function sandboxSigningSecret(): string {
  return env.STRIPE_WEBHOOK_SECRET ?? PUBLIC_SANDBOX_WEBHOOK_SECRET;
}
