import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ENV, PORT } from "./e2e/fixtures";
import { findBrowser } from "./scripts/lib/find-browser.cjs";

/**
 * E2E against a production build: scripts/test.sh runs `next build` first; this starts `next start`.
 * Embedded PGlite in a fresh temp dir per run, unless DATABASE_URL is set (then it is passed through:
 * scripts/test.sh gives it a fresh database).
 */
// The config is loaded by the runner and again by each worker: create the temp dir once (env is inherited).
if (!process.env.DATABASE_URL) process.env.E2E_PGLITE_DIR ??= mkdtempSync(path.join(tmpdir(), "billing-e2e-"));
// The server's structured logs, scanned for leaked secrets by e2e/zz-log-scan.spec.ts (runs last).
process.env.E2E_LOG_FILE ??= path.join(mkdtempSync(path.join(tmpdir(), "billing-e2e-log-")), "server.log");
// Email goes to a real SMTP server in the runner (e2e/global-setup.ts); specs read what arrived from this file (e2e/mail.ts).
process.env.E2E_MAIL_FILE ??= path.join(mkdtempSync(path.join(tmpdir(), "billing-e2e-mail-")), "mail.jsonl");
process.env.E2E_SMTP_PORT ??= String(PORT + 1000);
const database: Record<string, string> = process.env.DATABASE_URL
  ? { DATABASE_URL: process.env.DATABASE_URL }
  : { PGLITE_DIR: process.env.E2E_PGLITE_DIR! };

/**
 * E2E_BASE_URL walks an already running server instead (e.g. a fresh clone's `npm run dev`; started with
 * SEED_ADMIN_PASSWORD set so the admin can sign in): no server is started, nothing else changes.
 */
const external = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "e2e-results/",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: external ? 300_000 : 60_000,
  // A development server compiles each page on its first visit.
  expect: { timeout: external ? 90_000 : 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      // Playwright's own Chromium when installed, else a system one (scripts/ensure-browser.mjs, run by npm test first).
      executablePath: findBrowser()?.path ?? undefined,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  webServer: external ? undefined : {
    command: `./node_modules/.bin/next start -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...E2E_ENV, ...database, LOG_FILE: process.env.E2E_LOG_FILE, LOG_LEVEL: "info", SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}` },
  },
});
