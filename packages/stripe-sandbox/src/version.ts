/**
 * The Stripe API version the sandbox speaks: its request validator and response shapes are this
 * version's. The host pins the same version in its SDK client (a test checks they agree).
 */
export const SANDBOX_API_VERSION = "2026-10-28.endive" as const;
