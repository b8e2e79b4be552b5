import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateSandbox } from "@billing-kit/stripe-sandbox";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The sandbox's tables moved from the app's migrations (0004, 0008) to the package's own: a fresh
 * database gets none from the app; a database the sandbox already used keeps them (0011 drops them only
 * when empty) and the package adopts them. With a Stripe key: lib/stripe/tests/no-sandbox-with-key.db.test.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = PgDatabase<PgQueryResultHKT, any, any>;
const SANDBOX_TABLES = ["sandbox_events", "sandbox_idempotency", "sandbox_meter_events", "sandbox_objects", "sandbox_state"];

/** A throwaway empty database of the run's kind: in-memory PGlite, or a new database on the Postgres server. */
async function emptyDatabase(): Promise<{ db: AnyDb; kind: "pglite" | "postgres"; close: () => Promise<void> }> {
  if (!process.env.DATABASE_URL) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = await PGlite.create();
    return { db: drizzle(client) as unknown as AnyDb, kind: "pglite", close: () => client.close() };
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const admin = postgres(process.env.BILLING_TEST_ADMIN_URL ?? process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const name = `sandbox_tables_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${name}`;
  const client = postgres(u.toString(), { max: 1, onnotice: () => {} });
  return {
    db: drizzle(client) as unknown as AnyDb,
    kind: "postgres",
    close: async () => {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The app's migrations, all of them or only the first `count` (a database from before the move). */
async function migrateApp(d: { db: AnyDb; kind: string }, count?: number) {
  let folder = path.join(process.cwd(), "drizzle");
  if (count !== undefined) {
    const copy = mkdtempSync(path.join(tmpdir(), "app-migrations-"));
    cpSync(folder, copy, { recursive: true });
    const journal = JSON.parse(readFileSync(path.join(copy, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, count);
    writeFileSync(path.join(copy, "meta/_journal.json"), JSON.stringify(journal));
    folder = copy;
  }
  const { migrate } = d.kind === "pglite" ? await import("drizzle-orm/pglite/migrator") : await import("drizzle-orm/postgres-js/migrator");
  await migrate(d.db as never, { migrationsFolder: folder });
}

const rows = async (db: AnyDb, q: string) => {
  const r = (await db.execute(sql.raw(q))) as unknown as { rows?: Record<string, unknown>[] } & Record<string, unknown>[];
  return (r.rows ?? [...r]) as Record<string, unknown>[];
};
const tablesOf = async (db: AnyDb) =>
  (await rows(db, "select tablename from pg_tables where schemaname = 'public' and tablename like 'sandbox%' order by 1")).map((r) => r.tablename);

const opened: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

// Each test starts a fresh database and runs every migration (a new PGlite instance takes most of it):
// minutes on a busy 2-core machine, so this file gets more than the default minute per test.
describe("the sandbox's tables are the package's", { timeout: 240_000 }, () => {
  it("a fresh database: the app's migrations leave no sandbox table; the package's create them (twice is a no-op)", async () => {
    const d = await emptyDatabase();
    opened.push(d);
    await migrateApp(d);
    expect(await tablesOf(d.db)).toEqual([]);
    expect(await migrateSandbox(d.db)).toEqual(["0000_sandbox"]);
    expect(await tablesOf(d.db)).toEqual([...SANDBOX_TABLES.slice(0, 3), "sandbox_migrations", ...SANDBOX_TABLES.slice(3)]);
    expect(await migrateSandbox(d.db)).toEqual([]);
  });

  it("a database the sandbox already used keeps its tables and rows; the package adopts them", async () => {
    const d = await emptyDatabase();
    opened.push(d);
    await migrateApp(d, 11); // 0000 … 0010: before the move
    await rows(d.db, `insert into sandbox_objects (id, type, customer, data, created, scope) values ('cus_kept', 'customer', null, '{"id":"cus_kept","object":"customer"}', 1, 'default')`);
    await rows(d.db, `insert into sandbox_state (key, value) values ('clock_offset_ms', '86400000')`);
    await migrateApp(d); // 0011
    expect(await tablesOf(d.db)).toEqual(SANDBOX_TABLES);
    expect(await migrateSandbox(d.db)).toEqual(["0000_sandbox"]);
    expect(await rows(d.db, "select id, scope from sandbox_objects")).toEqual([{ id: "cus_kept", scope: "default" }]);
    expect(await rows(d.db, "select value from sandbox_state")).toEqual([{ value: 86_400_000 }]);
  });

  it("a database from before the move that never used the sandbox (a Stripe-key deployment) loses the empty tables", async () => {
    const d = await emptyDatabase();
    opened.push(d);
    await migrateApp(d, 11);
    expect(await tablesOf(d.db)).toEqual(SANDBOX_TABLES);
    await migrateApp(d);
    expect(await tablesOf(d.db)).toEqual([]);
  });
});
