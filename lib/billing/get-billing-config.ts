import "server-only";
import { publishableKey, stripeMode, type StripeMode } from "@/lib/stripe/client";
import { listPublicPlans, type PublicPlan } from "./public-plans";

export type BillingConfig = { mode: StripeMode; publishable_key: string | null; plans: PublicPlan[] };

/** What the browser needs to talk to Stripe (or the sandbox): never a secret. */
export function getBillingConfig(): BillingConfig {
  return { mode: stripeMode(), publishable_key: publishableKey(), plans: listPublicPlans() };
}
