import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDbHandle } from "@/db";
import { apiKeys, auditLog, organizations, users } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { createApiKey } from "@/lib/auth/create-api-key";
import { newId } from "@/lib/ids";
import { createOrganization } from "@/lib/orgs/create-organization";

async function org(name: string) {
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com` }).returning();
  return createOrganization({ name, ownerId: u!.id, actor: { type: "system", id: null } });
}

describe("row-level security (second wall)", () => {
  it("a query that forgets its organisation filter still sees only its own organisation's rows", async () => {
    const a = await org("A");
    const b = await org("B");
    await createApiKey({ orgId: a.id, name: "a", actor: { type: "system", id: null } });
    await createApiKey({ orgId: b.id, name: "b", actor: { type: "system", id: null } });
    // No WHERE org_id = … on purpose:
    const seen = await withOrg(a.id, async (tx) => ({
      keys: await tx.select({ orgId: apiKeys.orgId }).from(apiKeys),
      orgs: await tx.select({ id: organizations.id }).from(organizations),
      audit: await tx.select({ orgId: auditLog.orgId }).from(auditLog),
    }));
    expect(new Set(seen.keys.map((k) => k.orgId))).toEqual(new Set([a.id]));
    expect(seen.orgs.map((o) => o.id)).toEqual([a.id]);
    expect(seen.audit.length).toBeGreaterThan(0);
    expect(seen.audit.every((r) => r.orgId === a.id)).toBe(true);
  });

  it("refuses writing another organisation's rows from inside withOrg", async () => {
    const a = await org("A2");
    const b = await org("B2");
    await expect(
      withOrg(a.id, (tx) => tx.insert(apiKeys).values({ id: newId("key"), orgId: b.id, name: "x", prefix: "bk_x", hash: newId("h") })),
    ).rejects.toThrow();
    const updated = await withOrg(a.id, (tx) => tx.update(organizations).set({ name: "hijacked" }).where(sql`id = ${b.id}`).returning());
    expect(updated).toEqual([]);
  });

  it("covers every table that has an org_id column", async () => {
    const h = await getDbHandle();
    const rows = await h.raw(
      `select c.table_name, t.rowsecurity from information_schema.columns c
       join pg_tables t on t.schemaname = c.table_schema and t.tablename = c.table_name
       where c.table_schema = 'public' and c.column_name = 'org_id'`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const missing = rows.filter((r) => !r.rowsecurity).map((r) => r.table_name);
    expect(missing, "tables with org_id but no row-level security: add them in a migration like 0010").toEqual([]);
  });
});
