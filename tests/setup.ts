import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import type { ResponseDifference } from "@billing-kit/stripe-sandbox";

process.env.LOG_LEVEL ??= "silent";
process.env.JOBS_ENABLED ??= "0";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";

// Only database-tier files (*.db.test.ts, *.stripe.test.ts) open and migrate a database. Workspace
// packages (packages/*) are tested without the app: they open their own (packages/stripe-sandbox/tests/harness.ts).
const file = expect.getState().testPath ?? "";
const needsDb = !/\.unit\.test\.ts$/.test(file) && !/[\\/]packages[\\/]/.test(file);

// Real Postgres: this file gets its own copy of the run's migrated template database (global-setup.ts).
const template = process.env.BILLING_TEST_TEMPLATE;
let fileDb: string | null = null;
if (needsDb && template && process.env.DATABASE_URL) {
  fileDb = `${template}_${randomBytes(4).toString("hex")}`;
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${fileDb}`;
  process.env.DATABASE_URL = u.toString();
}

// Stripe-tier files: every response the sandbox gives is checked against the pinned API version's
// description (packages/stripe-sandbox/src/api-description.json); any difference fails the file.
if (/\.stripe\.test\.ts$/.test(file) && !/[\\/]packages[\\/]/.test(file) && !process.env.STRIPE_SECRET_KEY) {
  const differences: ResponseDifference[] = [];
  let summarize: (d: ResponseDifference[]) => string[] = () => [];
  beforeAll(async () => {
    const { getSandbox } = await import("@/lib/stripe/client");
    const sandbox = await getSandbox();
    sandbox?.testing.checkResponses((d) => differences.push(d));
    if (sandbox) summarize = sandbox.testing.summarizeDifferences;
  });
  afterAll(() => {
    expect(summarize(differences), "sandbox responses that differ from the API description").toEqual([]);
  });
}

if (needsDb) {
  beforeAll(async () => {
    if (fileDb) {
      const { default: postgres } = await import("postgres");
      const admin = postgres(process.env.BILLING_TEST_ADMIN_URL!, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database ${fileDb} template ${template}`);
      } finally {
        await admin.end();
      }
    }
    const { initDatabase } = await import("@/db/init");
    await initDatabase();
  });
  afterAll(async () => {
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  });
}
