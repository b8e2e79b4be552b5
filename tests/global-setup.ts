import path from "node:path";
import postgres from "postgres";

/**
 * With DATABASE_URL set, every `npm test` run gets its own throwaway template database, migrated once
 * here; each test FILE then gets a fresh copy of it (tests/setup.ts: CREATE DATABASE … TEMPLATE), so
 * files never see each other's rows or background work — as with PGlite, where each file opens its own
 * in-memory database. Everything created is dropped at the end.
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.env.PGLITE_DIR = "memory://";
    return;
  }
  const prefix = `billing_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${prefix}`);
  const u = new URL(url);
  u.pathname = `/${prefix}`;
  const client = postgres(u.toString(), { max: 1, onnotice: () => {} });
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  await migrate(drizzle(client), { migrationsFolder: path.join(process.cwd(), "drizzle") });
  await client.end();
  process.env.DATABASE_URL = u.toString();
  process.env.BILLING_TEST_TEMPLATE = prefix;
  process.env.BILLING_TEST_ADMIN_URL = url;

  return async () => {
    const rows = await admin.unsafe(`select datname from pg_database where datname like '${prefix}%'`);
    for (const r of rows as unknown as { datname: string }[]) await admin.unsafe(`drop database if exists ${r.datname} with (force)`);
    await admin.end();
  };
}
