import "server-only";
import path from "node:path";
import { getDbHandle } from "./index";

const MIGRATION_LOCK = 7_346_221; // pg_advisory_lock key: one instance migrates at a time

/** Apply the committed SQL migrations in drizzle/ (the same files on PGlite and Postgres). */
export async function migrateDatabase() {
  const h = await getDbHandle();
  const migrationsFolder = path.join(process.cwd(), "drizzle");
  const { migrate } =
    h.kind === "pglite" ? await import("drizzle-orm/pglite/migrator") : await import("drizzle-orm/postgres-js/migrator");
  await h.withAdvisoryLock(MIGRATION_LOCK, () => migrate(h.db as never, { migrationsFolder }));
}
