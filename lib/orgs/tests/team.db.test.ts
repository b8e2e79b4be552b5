import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, memberships, users, type OrgRole } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { acceptInvitation } from "@/lib/orgs/accept-invitation";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { createOrganization } from "@/lib/orgs/create-organization";
import { inviteMember } from "@/lib/orgs/invite-member";
import { leaveOrganization } from "@/lib/orgs/leave-organization";
import { listMembers } from "@/lib/orgs/list-members";
import { removeMember } from "@/lib/orgs/remove-member";
import { resendInvitation } from "@/lib/orgs/resend-invitation";
import { revokeInvitation } from "@/lib/orgs/revoke-invitation";
import { subscribe } from "@/lib/usage/tests/helpers";
import { startSmtpSink } from "@/tests/smtp-sink";

/**
 * Team management (issue 14): remove, change role, leave, revoke and re-send invitations — never an
 * organisation without an owner; only owners touch owners; every change audited.
 */
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink(3314);
  process.env.SMTP_URL = sink.url;
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await sink.close();
});

async function user() {
  const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@example.com`, name: "Team Person" }).returning();
  return u!;
}
const act = (id: string) => ({ type: "user" as const, id });

/** An organisation with an owner, an admin and a member (on Pro: seats for invitations). */
async function team() {
  const owner = await user();
  const admin = await user();
  const member = await user();
  const org = await createOrganization({ name: "Team", ownerId: owner.id, actor: act(owner.id) });
  await db.insert(memberships).values([
    { orgId: org.id, userId: admin.id, role: "admin" },
    { orgId: org.id, userId: member.id, role: "member" },
  ]);
  await subscribe(org.id, "pro");
  return { org, owner, admin, member };
}
const roleOf = async (orgId: string, userId: string) =>
  (await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))))[0]?.role ?? null;
const audits = async (orgId: string) => (await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).map((a) => ({ action: a.action, target: a.target, before: a.before, after: a.after }));

describe("the last-owner invariant", () => {
  it("the only owner cannot leave, be removed or be demoted — not even by themselves", async () => {
    const { org, owner, admin } = await team();
    await expect(leaveOrganization({ orgId: org.id, userId: owner.id, actor: act(owner.id) })).rejects.toMatchObject({ code: "last_owner", status: 409 });
    await expect(changeMemberRole({ orgId: org.id, userId: owner.id, role: "admin", actorRole: "owner", actor: act(owner.id) })).rejects.toMatchObject({ code: "last_owner" });
    // An admin may not touch an owner at all.
    await expect(removeMember({ orgId: org.id, userId: owner.id, actorRole: "admin", actorUserId: admin.id, actor: act(admin.id) })).rejects.toMatchObject({ code: "forbidden", status: 403 });
    await expect(changeMemberRole({ orgId: org.id, userId: owner.id, role: "member", actorRole: "admin", actor: act(admin.id) })).rejects.toMatchObject({ code: "forbidden" });
    expect(await roleOf(org.id, owner.id)).toBe("owner");
  });

  it("with a second owner, the first may step down or leave; then the second is the last one", async () => {
    const { org, owner, admin } = await team();
    await changeMemberRole({ orgId: org.id, userId: admin.id, role: "owner", actorRole: "owner", actor: act(owner.id) });
    await changeMemberRole({ orgId: org.id, userId: owner.id, role: "admin", actorRole: "owner", actor: act(owner.id) });
    expect(await roleOf(org.id, owner.id)).toBe("admin");
    await expect(leaveOrganization({ orgId: org.id, userId: admin.id, actor: act(admin.id) })).rejects.toMatchObject({ code: "last_owner" });
    await leaveOrganization({ orgId: org.id, userId: owner.id, actor: act(owner.id) });
    expect(await roleOf(org.id, owner.id)).toBeNull();
    expect((await listMembers(org.id)).members.filter((m) => m.role === "owner").map((m) => m.userId)).toEqual([admin.id]);
  });

  it("an owner may remove another owner, but not the last", async () => {
    const { org, owner, admin } = await team();
    await changeMemberRole({ orgId: org.id, userId: admin.id, role: "owner", actorRole: "owner", actor: act(owner.id) });
    await removeMember({ orgId: org.id, userId: admin.id, actorRole: "owner", actorUserId: owner.id, actor: act(owner.id) });
    expect(await roleOf(org.id, admin.id)).toBeNull();
    await expect(removeMember({ orgId: org.id, userId: owner.id, actorRole: "owner", actorUserId: owner.id, actor: act(owner.id) })).rejects.toMatchObject({ code: "use_leave" });
  });

  it("two owners demoting each other at the same moment: exactly one succeeds, an owner remains", async () => {
    const { org, owner, admin } = await team();
    await changeMemberRole({ orgId: org.id, userId: admin.id, role: "owner", actorRole: "owner", actor: act(owner.id) });
    const results = await Promise.allSettled([
      changeMemberRole({ orgId: org.id, userId: admin.id, role: "member", actorRole: "owner", actor: act(owner.id) }),
      changeMemberRole({ orgId: org.id, userId: owner.id, role: "member", actorRole: "owner", actor: act(admin.id) }),
      leaveOrganization({ orgId: org.id, userId: owner.id, actor: act(owner.id) }),
      leaveOrganization({ orgId: org.id, userId: admin.id, actor: act(admin.id) }),
    ]);
    const owners = (await listMembers(org.id)).members.filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: expect.stringMatching(/^(last_owner|not_found)$/) });
  });
});

describe("roles and removal", () => {
  it("admins change members and admins; only owners make owners; every change is audited", async () => {
    const { org, admin, member } = await team();
    await expect(changeMemberRole({ orgId: org.id, userId: member.id, role: "owner", actorRole: "admin", actor: act(admin.id) })).rejects.toMatchObject({ code: "forbidden" });
    expect(await changeMemberRole({ orgId: org.id, userId: member.id, role: "admin", actorRole: "admin", actor: act(admin.id) })).toEqual({ userId: member.id, role: "admin", changed: true });
    expect(await changeMemberRole({ orgId: org.id, userId: member.id, role: "admin", actorRole: "admin", actor: act(admin.id) })).toMatchObject({ changed: false });
    expect(await roleOf(org.id, member.id)).toBe("admin");
    expect((await audits(org.id)).filter((a) => a.action === "member.role_changed")).toEqual([{ action: "member.role_changed", target: member.id, before: { role: "member" }, after: { role: "admin" } }]);
  });

  it("an admin removes a member: the membership is gone, audited with the address", async () => {
    const { org, admin, member } = await team();
    await removeMember({ orgId: org.id, userId: member.id, actorRole: "admin", actorUserId: admin.id, actor: act(admin.id) });
    expect(await roleOf(org.id, member.id)).toBeNull();
    expect((await audits(org.id)).find((a) => a.action === "member.removed")).toEqual({ action: "member.removed", target: member.id, before: { role: "member", email: member.email }, after: null });
    await expect(removeMember({ orgId: org.id, userId: member.id, actorRole: "admin", actorUserId: admin.id, actor: act(admin.id) })).rejects.toMatchObject({ status: 404 });
  });

  it("another organisation's member cannot be removed or changed through this one (404)", async () => {
    const a = await team();
    const b = await team();
    await expect(removeMember({ orgId: a.org.id, userId: b.member.id, actorRole: "owner", actorUserId: a.owner.id, actor: act(a.owner.id) })).rejects.toMatchObject({ status: 404 });
    await expect(changeMemberRole({ orgId: a.org.id, userId: b.member.id, role: "admin", actorRole: "owner", actor: act(a.owner.id) })).rejects.toMatchObject({ status: 404 });
    expect(await roleOf(b.org.id, b.member.id)).toBe("member");
  });

  it("a member leaves", async () => {
    const { org, member } = await team();
    await leaveOrganization({ orgId: org.id, userId: member.id, actor: act(member.id) });
    expect(await roleOf(org.id, member.id)).toBeNull();
    expect((await audits(org.id)).some((a) => a.action === "member.left" && a.target === member.id)).toBe(true);
  });
});

describe("pending invitations", () => {
  const invite = async (orgId: string, owner: string, role: OrgRole = "member") => {
    const email = `${newId("inv").toLowerCase()}@example.com`;
    const inv = await inviteMember({ orgId, orgName: "Team", email, role, invitedBy: owner, actor: act(owner) });
    return { ...inv, token: inv.link.split("/").pop()! };
  };

  it("revoking ends the link at once and frees the seat; revoking again is a 404; audited", async () => {
    const { org, owner } = await team();
    const inv = await invite(org.id, owner.id);
    const invitee = await user();
    await db.update(users).set({ email: inv.email }).where(eq(users.id, invitee.id));
    expect(await revokeInvitation({ orgId: org.id, invitationId: inv.id, actor: act(owner.id) })).toEqual({ id: inv.id, email: inv.email });
    expect((await listMembers(org.id)).pending).toEqual([]);
    await expect(acceptInvitation({ token: inv.token, userId: invitee.id })).rejects.toMatchObject({ status: 404 });
    await expect(revokeInvitation({ orgId: org.id, invitationId: inv.id, actor: act(owner.id) })).rejects.toMatchObject({ status: 404 });
    expect((await audits(org.id)).some((a) => a.action === "invitation.revoked" && a.target === inv.id)).toBe(true);
  });

  it("re-sending emails a new link; the old one stops working; the new one joins", async () => {
    const { org, owner } = await team();
    const inv = await invite(org.id, owner.id, "admin");
    const again = await resendInvitation({ orgId: org.id, invitationId: inv.id, actor: act(owner.id) });
    expect(again).toMatchObject({ id: inv.id, email: inv.email, role: "admin", emailed: true });
    const mails = sink.to(inv.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain(again.link);
    const invitee = await user();
    await db.update(users).set({ email: inv.email }).where(eq(users.id, invitee.id));
    await expect(acceptInvitation({ token: inv.token, userId: invitee.id })).rejects.toMatchObject({ status: 404 });
    expect(await acceptInvitation({ token: again.link.split("/").pop()!, userId: invitee.id })).toMatchObject({ orgId: org.id, role: "admin" });
    await expect(resendInvitation({ orgId: org.id, invitationId: inv.id, actor: act(owner.id) })).rejects.toMatchObject({ code: "invitation_used" });
    expect((await audits(org.id)).some((a) => a.action === "invitation.resent")).toBe(true);
  });

  it("another organisation's invitation id is a 404", async () => {
    const a = await team();
    const b = await team();
    const inv = await invite(b.org.id, b.owner.id);
    await expect(revokeInvitation({ orgId: a.org.id, invitationId: inv.id, actor: act(a.owner.id) })).rejects.toMatchObject({ status: 404 });
    await expect(resendInvitation({ orgId: a.org.id, invitationId: inv.id, actor: act(a.owner.id) })).rejects.toMatchObject({ status: 404 });
    expect((await listMembers(b.org.id)).pending.map((p) => p.id)).toEqual([inv.id]);
  });
});
