/**
 * The Stripe API version the app is written against: the ONE place it is pinned. The SDK (v23.1)
 * ships its types for exactly this version; the sandbox answers in its shapes.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;
export type StripeApiVersion = typeof STRIPE_API_VERSION;
