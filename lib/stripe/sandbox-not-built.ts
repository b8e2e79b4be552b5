/**
 * Stands in for `@billing-kit/stripe-sandbox` in a production build made with STRIPE_SECRET_KEY set
 * (next.config.ts aliases the package to this file), so such a build contains no sandbox code. Running
 * that build without a key is a configuration mistake, reported plainly.
 */
export function createSandbox(): never {
  throw new Error("This build was made with STRIPE_SECRET_KEY set, so it does not contain the offline Stripe sandbox: set STRIPE_SECRET_KEY at run time too, or build without it.");
}
