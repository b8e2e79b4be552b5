import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { acceptInvitation } from "@/lib/orgs/accept-invitation";
import { createOrganization } from "@/lib/orgs/create-organization";
import { inviteMember } from "@/lib/orgs/invite-member";
import { listMembers } from "@/lib/orgs/list-members";
import { listUserOrganizations } from "@/lib/orgs/list-user-organizations";
import { renameOrganization } from "@/lib/orgs/rename-organization";
import { roleAtLeast } from "@/lib/orgs/roles";
import { newId } from "@/lib/ids";
import { subscribe } from "@/lib/usage/tests/helpers";

async function user(email = `${newId("u").toLowerCase()}@example.com`) {
  const [u] = await db.insert(users).values({ email }).returning();
  return u!;
}

describe("organisations", () => {
  it("creates an organisation owned by its creator and renames it", async () => {
    const owner = await user();
    const org = await createOrganization({ name: "  Acme  ", ownerId: owner.id, actor: { type: "user", id: owner.id } });
    expect(org.name).toBe("Acme");
    expect(await listUserOrganizations(owner.id)).toEqual([{ id: org.id, name: "Acme", role: "owner" }]);
    await renameOrganization({ orgId: org.id, name: "Acme Inc", actor: { type: "user", id: owner.id } });
    expect((await listUserOrganizations(owner.id))[0]?.name).toBe("Acme Inc");
  });

  it("invites by email; only that email can accept, once", async () => {
    const owner = await user();
    const invitee = await user();
    const stranger = await user();
    const org = await createOrganization({ name: "Team", ownerId: owner.id, actor: { type: "user", id: owner.id } });
    await subscribe(org.id, "pro"); // the Free plan has 1 seat (the owner): inviting needs a plan with more
    const inv = await inviteMember({ orgId: org.id, orgName: org.name, email: invitee.email.toUpperCase(), role: "member", invitedBy: owner.id, actor: { type: "user", id: owner.id } });
    expect(inv.link).toMatch(/\/invite\/[A-Za-z0-9]{40}$/);
    expect(inv.emailed).toBe(false); // no SMTP configured: logged and shown instead
    const token = inv.link.split("/").pop()!;
    expect((await listMembers(org.id)).pending.map((p) => p.email)).toEqual([invitee.email]);
    await expect(acceptInvitation({ token, userId: stranger.id })).rejects.toMatchObject({ code: "invitation_wrong_account", status: 403 });
    expect(await acceptInvitation({ token, userId: invitee.id })).toMatchObject({ orgId: org.id, role: "member" });
    await expect(acceptInvitation({ token, userId: invitee.id })).rejects.toMatchObject({ code: "invitation_used" });
    await expect(acceptInvitation({ token: "nope", userId: invitee.id })).rejects.toMatchObject({ status: 404 });
    const { members, pending } = await listMembers(org.id);
    expect(members.map((m) => m.role).sort()).toEqual(["member", "owner"]);
    expect(pending).toEqual([]);
  });

  it("ranks roles owner ⊇ admin ⊇ member", () => {
    expect(roleAtLeast("owner", "admin")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("member", "admin")).toBe(false);
    expect(roleAtLeast("admin", "owner")).toBe(false);
  });
});
