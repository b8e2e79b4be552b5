import { randomBytes } from "node:crypto";
import { afterAll, expect } from "vitest";
import { createSandbox, type ResponseDifference, type SandboxClock, type SandboxDb } from "../src";

/**
 * The package's own test set-up: a sandbox on its own database — an in-memory PGlite, or with
 * DATABASE_URL a throwaway database on that server (created here, dropped after the file) — and a
 * test clock standing in for the host's. Nothing of the host application is loaded.
 */
export const HOSTED_URL = "http://sandbox.test/sandbox";
export const WEBHOOK_SECRET = "whsec_package_tests_0000000000000000000000";

const state = { offsetMs: 0 };
export const clock: SandboxClock & { nowUnix(): number } = {
  nowMs: () => Date.now() + state.offsetMs,
  nowUnix: () => Math.floor((Date.now() + state.offsetMs) / 1000),
  offsetMs: () => state.offsetMs,
  setOffsetMs: (ms) => {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("clock offset must be a non-negative number of ms");
    state.offsetMs = ms;
  },
};

async function openDatabase(): Promise<{ db: SandboxDb; close: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create();
    return { db: drizzle(client), close: () => client.close() };
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const name = `stripe_sandbox_test_${process.pid}_${randomBytes(3).toString("hex")}`;
  const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await adminSql.unsafe(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const client = postgres(own.toString(), { max: 2, onnotice: () => {} });
  return {
    db: drizzle(client),
    close: async () => {
      await client.end({ timeout: 5 });
      await adminSql.unsafe(`drop database if exists ${name} with (force)`);
      await adminSql.end();
    },
  };
}

const database = await openDatabase();
afterAll(() => database.close());

export const sandbox = createSandbox({
  db: database.db,
  clock,
  hostedUrl: HOSTED_URL,
  webhookTarget: "http://sandbox.test/api/webhooks/stripe",
  webhookSecret: WEBHOOK_SECRET,
  autoDeliverWebhooks: false,
});
export const stripe = sandbox.stripe();

// Conformance: every response in these tests has the pinned API version's shape (src/api-description.json).
const differences: ResponseDifference[] = [];
sandbox.testing.checkResponses((d) => differences.push(d));
afterAll(() => {
  expect(sandbox.testing.summarizeDifferences(differences), "sandbox responses that differ from the API description").toEqual([]);
});
export const uid = () => Math.random().toString(36).slice(2, 10);
