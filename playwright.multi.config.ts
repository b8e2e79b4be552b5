import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ENV } from "./e2e/fixtures";
import { PORT_A, PORT_B, URL_A, URL_B } from "./e2e-multi/env";

/**
 * More than one machine (docs/SCALING.md): TWO production servers (`next start`) on two ports against
 * ONE PostgreSQL database, with the specs in e2e-multi/ spreading their load over both. API only, no
 * browser. Needs DATABASE_URL (a throwaway database: the suite writes to it) and a production build
 * in NEXT_DIST_DIR (default `.next`, as next.config.ts): e.g.
 *   NEXT_DIST_DIR=.next-multi ./node_modules/.bin/next build
 *   DATABASE_URL=postgres://…/throwaway NEXT_DIST_DIR=.next-multi ./node_modules/.bin/playwright test -c playwright.multi.config.ts
 * Playwright starts the two servers one after the other (A healthy, then B), both with background jobs on.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error("playwright.multi.config.ts needs DATABASE_URL (a throwaway PostgreSQL database): PGlite is single-process, so there is nothing to share between two instances.");
}
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!existsSync(path.join(__dirname, distDir, "BUILD_ID"))) {
  throw new Error(`No production build in ${distDir}/: run \`NEXT_DIST_DIR=${distDir} ./node_modules/.bin/next build\` first.`);
}

function server(port: number, url: string) {
  return {
    command: `./node_modules/.bin/next start -p ${port}`,
    url: `${url}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    // Rate limits on (the e2e default is off): 06-rate-limit shows one budget across both instances.
    // 07-outbound-webhooks receives on 127.0.0.1 in the test process: production refuses loopback hosts unless allowed.
    env: { ...E2E_ENV, APP_URL: url, DATABASE_URL: databaseUrl!, NEXT_DIST_DIR: distDir, JOBS_ENABLED: "1", LOG_LEVEL: "warn", RATE_LIMIT_ENABLED: "1", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" },
  };
}

export default defineConfig({
  testDir: "e2e-multi",
  outputDir: "e2e-results/multi/",
  // Two workers: the scheduled-jobs watch (01-schedules, minutes of wall clock) runs beside the load specs.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: { trace: "off" },
  webServer: [server(PORT_A, URL_A), server(PORT_B, URL_B)],
});
