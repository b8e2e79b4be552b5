import { STRIPE_API_VERSION } from "../api-version";

/** The API version the sandbox speaks (the app's pinned version). */
export const SANDBOX_API_VERSION = STRIPE_API_VERSION;
