import "server-only";
import { logger } from "@/lib/log";
import { getSandbox } from "./client";

/**
 * Start-up steps for Stripe (lib/startup-hooks.ts). In sandbox mode: create or update the sandbox's
 * tables, restore its persisted test clock before anything reads the time, and write the control
 * token for `npm run clock:advance`. With a Stripe key: nothing (the sandbox is never loaded).
 */
export async function prepareStripeAtStart() {
  const sandbox = await getSandbox();
  if (!sandbox) return;
  await sandbox.migrate();
  await sandbox.clock.restore();
  const { writeSandboxToken, sandboxTokenPath } = await import("./sandbox-control");
  writeSandboxToken();
  logger.info({ tokenFile: sandboxTokenPath() }, "stripe sandbox ready (test clock restored)");
}

/** Sandbox mode: sync the catalog on start (idempotent, so every start is safe). A failure is logged, not fatal. */
export async function syncCatalogAtStart() {
  if (!(await getSandbox())) return;
  try {
    const { syncCatalog } = await import("@/lib/billing/sync-catalog");
    await syncCatalog();
  } catch (err) {
    logger.error({ err }, "sandbox catalog sync failed at start (run npm run stripe:sync)");
  }
}

/**
 * Development: deliver the start-up events (the catalog sync's) now, so the dev server has compiled and
 * answered its webhook route before the logins box is printed. Bounded: the box is never held back long.
 */
export async function deliverStartupWebhooks(timeoutMs = 60_000) {
  const sandbox = await getSandbox();
  if (!sandbox) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    sandbox.testing.flushWebhooks().catch((err) => logger.debug({ err }, "start-up webhook delivery")),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
