import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";
import { newId } from "@/lib/ids";

describe("audit log", () => {
  it("appends rows with actor, organisation, action, before and after", async () => {
    const orgId = newId("org");
    await writeAudit(db, { actor: { type: "user", id: "u1" }, orgId, action: "plan.changed", target: "sub_1", before: { plan: "starter" }, after: { plan: "pro" } });
    const rows = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: "user", actorId: "u1", action: "plan.changed", before: { plan: "starter" }, after: { plan: "pro" } });
  });

  it("refuses updates and deletes (append-only)", async () => {
    const orgId = newId("org");
    await writeAudit(db, { actor: { type: "system", id: null }, orgId, action: "x.y" });
    await expect(db.update(auditLog).set({ action: "tampered" }).where(eq(auditLog.orgId, orgId))).rejects.toThrow();
    await expect(db.delete(auditLog).where(eq(auditLog.orgId, orgId))).rejects.toThrow();
    const rows = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(rows.map((r) => r.action)).toEqual(["x.y"]);
  });
});
