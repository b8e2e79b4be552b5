/**
 * npm run db:seed — seed demo data on demand (the server does it by itself on an empty database).
 * Refuses a non-local DATABASE_URL unless ALLOW_REMOTE_SEED=1. With embedded PGlite, stop the app
 * first: one data directory may be opened by one process only.
 */
import { initDatabase } from "@/db/init";
import { closeDatabase } from "@/db";
import { printSeed, seed } from "@/db/seed";
import { loadEnv } from "@/lib/env";
import { isLocalDatabaseUrl } from "./lib/is-local-db";

async function main() {
  const env = loadEnv();
  if (env.DATABASE_URL && !isLocalDatabaseUrl(env.DATABASE_URL) && !env.ALLOW_REMOTE_SEED) {
    console.error("Refusing to seed a non-local DATABASE_URL. Set ALLOW_REMOTE_SEED=1 if you really mean it.");
    process.exit(2);
  }
  await initDatabase();
  printSeed(await seed());
  await closeDatabase();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
