import "server-only";
import { logger } from "@/lib/log";
import { isSandbox } from "./client";

/**
 * Start-up steps for Stripe (lib/startup-hooks.ts). In sandbox mode: restore the persisted test
 * clock before anything reads the time, and write the control token for `npm run clock:advance`.
 */
export async function prepareStripeAtStart() {
  if (!isSandbox()) return;
  const { restoreSandboxClock } = await import("./sandbox");
  await restoreSandboxClock();
  const { writeSandboxToken, sandboxTokenPath } = await import("./sandbox-control");
  writeSandboxToken();
  logger.info({ tokenFile: sandboxTokenPath() }, "stripe sandbox ready (test clock restored)");
}

/** Sandbox mode: sync the catalog on start (idempotent, so every start is safe). A failure is logged, not fatal. */
export async function syncCatalogAtStart() {
  if (!isSandbox()) return;
  try {
    const { syncCatalog } = await import("@/lib/billing/sync-catalog");
    await syncCatalog();
  } catch (err) {
    logger.error({ err }, "sandbox catalog sync failed at start (run npm run stripe:sync)");
  }
}
