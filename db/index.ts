import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Functions in lib/ take either the db or a transaction. */
export type DbOrTx = Db | Tx;

type Handle = {
  db: Db;
  kind: "postgres" | "pglite";
  close: () => Promise<void>;
  /** Raw parameterised SQL through the same driver (benchmarks, health checks). */
  raw: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** Run fn while holding a Postgres session advisory lock on one reserved connection. */
  withAdvisoryLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  /**
   * A second, small pool for an in-process service that answers the app's own calls — the offline
   * Stripe sandbox, created only in sandbox mode (lib/stripe/client.ts). App transactions hold a
   * connection while they wait for a Stripe call (syncStripeCustomer), so if the sandbox answering
   * that call also needed one from the app's pool, enough concurrent syncs would exhaust the pool and
   * wait on each other until Stripe timeouts fired (seen: the breaker opened under 16 concurrent
   * webhook deliveries). Opened on first use, closed with the handle. PGlite: the same single connection.
   */
  sidePool: (name: string, max: number) => Db;
  /** The raw PGlite client (PGlite only): pg-boss runs on the same instance (lib/jobs). */
  pglite?: import("@electric-sql/pglite").PGlite;
};

const g = globalThis as unknown as { __billingDb?: Promise<Handle>; __billingDbSync?: Handle };

async function open(): Promise<Handle> {
  if (env.DATABASE_URL) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(env.DATABASE_URL, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
      connection: { application_name: "billing" },
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    const url = env.DATABASE_URL;
    const side = new Map<string, { client: ReturnType<typeof postgres>; db: Db }>();
    return {
      db,
      sidePool: (name, max) => {
        let p = side.get(name);
        if (!p) {
          const c = postgres(url, { max, onnotice: () => {}, connection: { application_name: name } });
          p = { client: c, db: drizzle(c, { schema }) as unknown as Db };
          side.set(name, p);
        }
        return p.db;
      },
      kind: "postgres",
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), ...[...side.values()].map((p) => p.client.end({ timeout: 5 }))]);
      },
      raw: async (text, params = []) => [...(await client.unsafe(text, params as never[]))] as Record<string, unknown>[],
      withAdvisoryLock: async (key, fn) => {
        const conn = await client.reserve();
        try {
          await conn`select pg_advisory_lock(${key})`;
          try {
            return await fn();
          } finally {
            await conn`select pg_advisory_unlock(${key})`;
          }
        } finally {
          conn.release();
        }
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = env.PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(path.resolve(dir), { recursive: true });
  const client = await PGlite.create(dir.startsWith("memory://") ? undefined : path.resolve(dir));
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    sidePool: () => db,
    kind: "pglite",
    close: () => client.close(),
    raw: async (text, params = []) => (await client.query<Record<string, unknown>>(text, params)).rows,
    // PGlite is one connection in one process: nothing else can race it.
    withAdvisoryLock: (_key, fn) => fn(),
    pglite: client,
  };
}

/** Open the database once per process (kept on globalThis so dev hot reloads reuse it). */
export function getDbHandle(): Promise<Handle> {
  g.__billingDb ??= open().then((h) => (g.__billingDbSync = h));
  return g.__billingDb;
}

/**
 * The database. Opened lazily: importing this module opens nothing (so `next build` never touches
 * the PGlite directory). `initDatabase()` (instrumentation.ts, test setup) opens and migrates it
 * before the first request; using `db` before that throws a clear error.
 */
export function getDb(): Db {
  const h = g.__billingDbSync;
  if (!h) throw new Error("Database not initialised: call initDatabase() first (instrumentation.ts does this at start).");
  return h.db;
}

export function getDbKind(): Handle["kind"] {
  return g.__billingDbSync?.kind ?? (env.DATABASE_URL ? "postgres" : "pglite");
}

/** A lazy stand-in for one of the opened handle's databases (methods bound to the real one). */
function lazyDb(pick: () => Db): Db {
  return new Proxy({} as Db, {
    get(_t, key) {
      const real = pick();
      const value = Reflect.get(real as object, key, real);
      return typeof value === "function" ? value.bind(real) : value;
    },
  });
}

export const db: Db = lazyDb(getDb);

/** A database on the side pool `name` (see Handle.sidePool), opened on its first query. */
export function sidePoolDb(name: string, max: number): Db {
  return lazyDb(() => {
    getDb(); // the same "not initialised" error
    return g.__billingDbSync!.sidePool(name, max);
  });
}

export async function closeDatabase() {
  const h = g.__billingDbSync;
  g.__billingDb = undefined;
  g.__billingDbSync = undefined;
  await h?.close();
}

export { schema };
