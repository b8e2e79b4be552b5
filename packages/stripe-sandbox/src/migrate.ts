import { sql } from "drizzle-orm";
import { MIGRATIONS } from "./migrations.generated";
import type { SandboxDb } from "./runtime";
import { sandboxMigrations } from "./schema";

/** pg_advisory_xact_lock key: hosts starting together on one PostgreSQL migrate the sandbox one at a time. */
const LOCK = 7_346_230;

/**
 * Apply the sandbox's own migrations (drizzle/, embedded in migrations.generated.ts) in one
 * transaction, recording each in `sandbox_migrations`. Returns the tags applied now.
 */
export async function migrateSandbox(db: SandboxDb): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${LOCK})`));
    await tx.execute(sql.raw(`CREATE TABLE IF NOT EXISTS "sandbox_migrations" ("tag" text PRIMARY KEY NOT NULL, "applied_at" bigint NOT NULL)`));
    const done = new Set((await tx.select({ tag: sandboxMigrations.tag }).from(sandboxMigrations)).map((r) => r.tag));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.tag)) continue;
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.insert(sandboxMigrations).values({ tag: m.tag, appliedAt: Date.now() });
      applied.push(m.tag);
    }
    return applied;
  });
}
