import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, memberships, users } from "@/db/schema";
import { getOrganizationDetail } from "@/lib/analytics/get-organization-detail";
import { resolvePeople } from "@/lib/audit/resolve-people";
import { newId } from "@/lib/ids";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { createOrganization } from "@/lib/orgs/create-organization";

/** The admin console shows people, not ids: audit actors and targets resolve to name and email; the organisation page lists its members. */
describe("audit log with names and emails", () => {
  it("resolves user actors and user targets; other ids stay as they are", async () => {
    const mk = async (name: string) => (await db.insert(users).values({ email: `${newId("p").toLowerCase()}@example.com`, name }).returning())[0]!;
    const owner = await mk("Olivia Owner");
    const member = await mk("Max Member");
    const org = await createOrganization({ name: "People Co", ownerId: owner.id, actor: { type: "user", id: owner.id } });
    await db.insert(memberships).values({ orgId: org.id, userId: member.id, role: "member" });
    await changeMemberRole({ orgId: org.id, userId: member.id, role: "admin", actorRole: "owner", actor: { type: "user", id: owner.id } });
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.id))).orderBy(desc(auditLog.id));
    const people = await resolvePeople(rows);
    const changed = rows.find((r) => r.action === "member.role_changed")!;
    expect(people[changed.actorId!]).toEqual({ name: "Olivia Owner", email: owner.email });
    expect(people[changed.target!]).toEqual({ name: "Max Member", email: member.email });
    const created = rows.find((r) => r.action === "organization.created")!;
    expect(people[created.target!]).toBeUndefined(); // an organisation id, not a person
    expect(await resolvePeople([{ actorType: "api_key", actorId: owner.id, target: null }])).toEqual({}); // only user/admin actors

    const detail = await getOrganizationDetail(org.id);
    expect(detail.members.map((m) => ({ name: m.name, email: m.email, role: m.role }))).toEqual([
      { name: "Olivia Owner", email: owner.email, role: "owner" },
      { name: "Max Member", email: member.email, role: "admin" },
    ]);
    expect(detail.people[owner.id]?.email).toBe(owner.email);
  });
});
