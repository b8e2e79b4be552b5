import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_ENV, PASSWORD, SEED_ADMIN_PASSWORD, SEED_API_KEY, SEED_USER_PASSWORD } from "./fixtures";

/**
 * Runs after every other spec (files run in name order, one worker): the server's structured log of
 * the whole e2e run must not contain any secret or card number the specs typed or used.
 */
test("the server's logs of the e2e run contain no keys, passwords or card numbers", async ({ request }) => {
  // One more request, so the log is known to be written to.
  expect((await request.get("/api/health")).status()).toBe(200);
  const file = process.env.E2E_LOG_FILE!;
  const log = readFileSync(file, "utf8");
  const lines = log.split("\n").filter(Boolean);
  expect(lines.length, "the log should hold the run's request lines").toBeGreaterThan(20);
  expect(log).toContain('"msg":"request"');
  const secrets = [SEED_API_KEY, SEED_ADMIN_PASSWORD, SEED_USER_PASSWORD, PASSWORD, E2E_ENV.AUTH_SECRET!];
  for (const s of secrets) expect(log.includes(s), `log leaks ${s.slice(0, 6)}…`).toBe(false);
  // Full API keys (any, not only the seeded one) and the test card numbers, with or without spaces.
  expect(log).not.toMatch(/bk_[A-Za-z0-9]{32}/);
  for (const card of ["4242424242424242", "4000000000000002", "4000000000009995", "4000000000000341", "4000002500003155"]) {
    expect(log.replace(/[\s-]/g, "")).not.toContain(card);
  }
});
