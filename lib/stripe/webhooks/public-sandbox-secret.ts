/**
 * The offline sandbox's development signing secret. Public on purpose (it is in the repository), so
 * the app accepts it only in sandbox mode outside production (lib/env.ts refuses it otherwise).
 */
export const PUBLIC_SANDBOX_WEBHOOK_SECRET = "whsec_sandbox_0000000000000000000000000000";
