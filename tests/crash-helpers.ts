import { getDbHandle } from "@/db";

/**
 * After SIGKILLing a child that talked to Postgres: wait until none of its sessions is still working.
 * A COMMIT the child sent just before it died can still be executing in its backend, and would land
 * after the test has started counting rows (an unacknowledged write appearing mid-check). Postgres ends
 * an idle backend as soon as it reads EOF from the dead client, so "no other backend of this database
 * is busy" means the child's last statements have finished one way or the other.
 */
export async function waitForKilledSessions(timeoutMs = 30_000) {
  const h = await getDbHandle();
  if (h.kind !== "postgres") return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await h.raw(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'`,
    );
    if (Number(row!.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${String(row!.n)} database sessions still busy ${timeoutMs} ms after the kill`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
