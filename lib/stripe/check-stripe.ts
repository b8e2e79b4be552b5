import "server-only";
import { callStripe } from "./call-stripe";
import { stripeMode, type StripeMode } from "./client";
import { STRIPE_API_VERSION } from "./api-version";

export type StripeCheck = { mode: StripeMode; apiVersion: string; account: { id: string; name: string | null; country: string | null } };

/** Verify the keys work: one authenticated read (the account on real Stripe; a list on the sandbox). */
export async function checkStripe(): Promise<StripeCheck> {
  const mode = stripeMode();
  if (mode === "sandbox") {
    await callStripe("products.list", (s, o) => s.products.list({ limit: 1 }, o));
    return { mode, apiVersion: STRIPE_API_VERSION, account: { id: "acct_sandbox", name: "Offline sandbox", country: null } };
  }
  const account = await callStripe("accounts.retrieve", (s, o) => s.accounts.retrieveCurrent(undefined, o));
  return {
    mode,
    apiVersion: STRIPE_API_VERSION,
    account: { id: account.id, name: account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? null, country: account.country ?? null },
  };
}
