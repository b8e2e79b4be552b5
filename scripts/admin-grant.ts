/**
 * npm run admin:grant -- <email> — make an existing account a platform admin (the first admin of a
 * production install: ADMIN_EMAILS has no default there, and a listed address counts only once
 * verified). With embedded PGlite, stop the app first: one data directory may be opened by one process.
 */
import { initDatabase } from "@/db/init";
import { closeDatabase } from "@/db";
import { grantPlatformAdmin } from "@/lib/auth/grant-platform-admin";
import { loadEnv } from "@/lib/env";

async function main() {
  const email = process.argv.slice(2).find((a) => a !== "--");
  if (!email || !email.includes("@")) {
    console.error("Usage: npm run admin:grant -- <email of an existing account>");
    process.exit(2);
  }
  loadEnv();
  await initDatabase();
  try {
    const res = await grantPlatformAdmin(email);
    console.log(res.already ? `${res.email} is already a platform admin.` : `${res.email} is now a platform admin (sign in again to see /admin).`);
  } finally {
    await closeDatabase();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
