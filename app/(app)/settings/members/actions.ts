"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { formObject, type ActionResult } from "@/lib/http/action";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { inviteMember } from "@/lib/orgs/invite-member";
import { leaveOrganization } from "@/lib/orgs/leave-organization";
import { removeMember } from "@/lib/orgs/remove-member";
import { resendInvitation } from "@/lib/orgs/resend-invitation";
import { revokeInvitation } from "@/lib/orgs/revoke-invitation";

const schema = z.object({
  orgId: z.string().min(1),
  email: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")),
  role: z.enum(["member", "admin"], { message: "choose member or admin" }),
});

export type InviteState = ActionResult<{ email: string; role: string; link: string; emailed: boolean }> | null;

/** Invite someone by email (owners and admins). The link comes back so the UI can show it. */
export async function inviteMemberAction(_prev: InviteState, form: FormData): Promise<InviteState> {
  return orgAction("admin", schema, formObject(form), async ({ orgId, email, role }, ctx) => {
    const invite = await inviteMember({ orgId, orgName: ctx.org.name, email, role, invitedBy: ctx.user.id, actor: ctx.actor });
    revalidatePath("/settings/members");
    return { email: invite.email, role: invite.role, link: invite.link, emailed: invite.emailed };
  });
}

const memberSchema = z.object({ orgId: z.string().min(1), userId: z.string().min(1).max(100) });
const roleSchema = memberSchema.extend({ role: z.enum(["owner", "admin", "member"], { message: "choose owner, admin or member" }) });
const invitationSchema = z.object({ orgId: z.string().min(1), invitationId: z.string().min(1).max(100) });

/** Remove someone from the organisation (owners and admins; only owners remove owners; never the last owner). */
export async function removeMemberAction(input: { orgId: string; userId: string }) {
  return orgAction("admin", memberSchema, input, async ({ orgId, userId }, ctx) => {
    const removed = await removeMember({ orgId, userId, actorRole: ctx.role, actorUserId: ctx.user.id, actor: ctx.actor });
    revalidatePath("/settings/members");
    return { userId: removed.userId, email: removed.email };
  });
}

/** Change someone's role (owners and admins; only owners make or unmake owners; never the last owner). */
export async function changeRoleAction(input: { orgId: string; userId: string; role: string }) {
  return orgAction("admin", roleSchema, input, async ({ orgId, userId, role }, ctx) => {
    const r = await changeMemberRole({ orgId, userId, role, actorRole: ctx.role, actor: ctx.actor });
    revalidatePath("/settings/members");
    return r;
  });
}

/** Revoke a pending invitation: its link stops working (owners and admins). */
export async function revokeInvitationAction(input: { orgId: string; invitationId: string }) {
  return orgAction("admin", invitationSchema, input, async ({ orgId, invitationId }, ctx) => {
    const r = await revokeInvitation({ orgId, invitationId, actor: ctx.actor });
    revalidatePath("/settings/members");
    return r;
  });
}

/** Send a pending invitation again with a new link (the old one stops working; owners and admins). */
export async function resendInvitationAction(input: { orgId: string; invitationId: string }) {
  return orgAction("admin", invitationSchema, input, async ({ orgId, invitationId }, ctx) => {
    const r = await resendInvitation({ orgId, invitationId, actor: ctx.actor });
    revalidatePath("/settings/members");
    return { id: r.id, email: r.email, link: r.link, emailed: r.emailed };
  });
}

/** Leave the organisation (any member; not its last owner). The active-organisation cookie is cleared. */
export async function leaveOrgAction(input: { orgId: string }) {
  return orgAction("member", z.object({ orgId: z.string().min(1) }), input, async ({ orgId }, ctx) => {
    await leaveOrganization({ orgId, userId: ctx.user.id, actor: ctx.actor });
    (await cookies()).delete(ACTIVE_ORG_COOKIE);
    revalidatePath("/", "layout");
    return { orgId };
  });
}
