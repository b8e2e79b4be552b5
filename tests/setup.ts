import { afterAll, beforeAll, expect } from "vitest";

process.env.LOG_LEVEL ??= "silent";
process.env.JOBS_ENABLED ??= "0";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";

// Only database-tier files (*.db.test.ts, *.stripe.test.ts) open and migrate a database.
const file = expect.getState().testPath ?? "";
const needsDb = !/\.unit\.test\.ts$/.test(file);

if (needsDb) {
  beforeAll(async () => {
    const { initDatabase } = await import("@/db/init");
    await initDatabase();
  });
  afterAll(async () => {
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  });
}
