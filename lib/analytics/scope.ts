import { sql, type SQL } from "drizzle-orm";

/**
 * Optional restriction of a snapshot/rollup to some organisations (tests on a shared database; a
 * segment report). `undefined` = every organisation.
 */
export type Scope = { orgIds?: string[] };

/** `and <column> in (…)` for a scope, or nothing. */
export function scopeFilter(column: SQL, scope: Scope): SQL {
  if (!scope.orgIds) return sql``;
  if (scope.orgIds.length === 0) return sql` and false`;
  return sql` and ${column} in (${sql.join(
    scope.orgIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
}
