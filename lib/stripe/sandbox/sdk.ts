import Stripe from "stripe";
import { STRIPE_API_VERSION } from "../api-version";
import { sandboxFetch } from "./fetch";

/** An SDK instance wired to the sandbox (tests, the hosted pages). */
export function createSandboxStripe(opts: { maxNetworkRetries?: number; timeout?: number } = {}): Stripe {
  return new Stripe("sk_test_sandbox", {
    apiVersion: STRIPE_API_VERSION,
    httpClient: Stripe.createFetchHttpClient(sandboxFetch),
    maxNetworkRetries: opts.maxNetworkRetries ?? 0,
    timeout: opts.timeout ?? 20_000,
    telemetry: false,
  });
}
