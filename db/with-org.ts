import "server-only";
import { sql } from "drizzle-orm";
import { db, type Tx } from "./index";

/** The non-superuser role org-scoped transactions run as (drizzle/0010_row_level_security.sql). */
export const RLS_ROLE = "billing_rls";

/**
 * Every org-scoped read and write goes through here: one transaction tagged with the organisation
 * (`app.org_id`) and switched to the `billing_rls` role, so Postgres row-level security policies
 * hide every other organisation's rows — a second wall behind the `orgId` filters the queries
 * still carry. Both settings are transaction-local and end with it.
 */
export async function withOrg<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.org_id', ${orgId}, true), set_config('role', ${RLS_ROLE}, true)`);
    return fn(tx);
  });
}
