import { afterAll, beforeAll } from "vitest";

process.env.LOG_LEVEL ??= "silent";
process.env.JOBS_ENABLED ??= "0";
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR = "memory://";

beforeAll(async () => {
  const { initDatabase } = await import("@/db/init");
  await initDatabase();
});

afterAll(async () => {
  const { closeDatabase } = await import("@/db");
  await closeDatabase();
});
