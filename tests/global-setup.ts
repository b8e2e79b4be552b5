import postgres from "postgres";

/**
 * With DATABASE_URL set, every `npm test` run gets its own throwaway database (created here,
 * dropped at the end), so runs never see each other's rows. Without it, each test file opens
 * a fresh in-memory PGlite (tests/setup.ts).
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.env.PGLITE_DIR = "memory://";
    return;
  }
  const name = `billing_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  process.env.BILLING_TEST_DB = name;

  return async () => {
    const drop = postgres(url, { max: 1, onnotice: () => {} });
    await drop.unsafe(`drop database if exists ${name} with (force)`);
    await drop.end();
  };
}
