import "server-only";
import type { PGlite } from "@electric-sql/pglite";

/**
 * pg-boss's `db` option over the app's own PGlite instance (one connection, in this process).
 * Adapted from pg-boss 12's `fromPglite` (MIT, © Tim Jones): a statement with parameters goes through
 * `query()` (extended protocol, one statement); one without may be a multi-statement block such as
 * pg-boss's `locked()` migrations (`BEGIN; …; COMMIT`), which only `exec()` (simple protocol) runs —
 * their rows are flattened so a RETURNING before the COMMIT is not lost. PGlite has one session, so a
 * failed statement inside such a block would leave the session in an aborted transaction and poison
 * every later query: it is rolled back before the error is rethrown (a pool would hand out a fresh
 * connection instead).
 */
export function pgBossOnPglite(pglite: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      try {
        if (values?.length) return await pglite.query(text, values);
        const results = await pglite.exec(text);
        return { rows: results.flatMap((r) => r.rows ?? []) };
      } catch (err) {
        if (!values?.length) await pglite.query("ROLLBACK").catch(() => {});
        throw err;
      }
    },
  };
}
