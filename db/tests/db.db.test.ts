import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDbKind } from "@/db";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { newId } from "@/lib/ids";

describe("database", () => {
  it("runs the committed migrations and round-trips a row", async () => {
    const id = newId("org");
    await db.insert(organizations).values({ id, name: "Acme" });
    const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
    expect(row?.name).toBe("Acme");
    expect(getDbKind()).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("withOrg tags the transaction with the organisation", async () => {
    const seen = await withOrg("org_abc", async (tx) => {
      const res = await tx.execute(sql`select current_setting('app.org_id', true) as org`);
      const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { org: string }[];
      return rows[0]?.org;
    });
    expect(seen).toBe("org_abc");
  });
});
