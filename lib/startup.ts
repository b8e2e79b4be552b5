import { initDatabase } from "@/db/init";
import { EnvError, loadEnv } from "@/lib/env";
import { logger } from "@/lib/log";

/**
 * Start-up, in order: parse the environment (a bad variable stops the process, naming it),
 * open and migrate the database, seed demo data on an empty database, then start background jobs.
 */
export async function startServer() {
  try {
    loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const env = loadEnv();
  await initDatabase();
  logger.info({ database: env.DATABASE_URL ? "postgres" : `pglite:${env.PGLITE_DIR}` }, "database ready");
  const hooks = await import("./startup-hooks");
  await hooks.runStartupHooks();
}
