import "server-only";
import { sql } from "drizzle-orm";
import { db, type Tx } from "./index";

/**
 * Every org-scoped read and write goes through here: one transaction tagged with the organisation.
 * `app.org_id` is set for the transaction so row-level security policies can enforce the filter in
 * this one place (see docs/ARCHITECTURE.md). Queries inside must still filter by orgId.
 */
export async function withOrg<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.org_id', ${orgId}, true)`);
    return fn(tx);
  });
}
