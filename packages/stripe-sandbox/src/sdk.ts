import Stripe from "stripe";
import { sandboxFetch } from "./fetch";
import { SANDBOX_API_VERSION } from "./version";

/** An SDK instance wired to the sandbox (the hosted pages, the card form, tests). */
export function createSandboxStripe(opts: { maxNetworkRetries?: number; timeout?: number; fetch?: typeof fetch } = {}): Stripe {
  return new Stripe("sk_test_sandbox", {
    apiVersion: SANDBOX_API_VERSION,
    httpClient: Stripe.createFetchHttpClient(opts.fetch ?? sandboxFetch),
    maxNetworkRetries: opts.maxNetworkRetries ?? 0,
    timeout: opts.timeout ?? 20_000,
    telemetry: false,
  });
}
