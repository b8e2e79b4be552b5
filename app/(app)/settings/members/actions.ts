"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { formObject, type ActionResult } from "@/lib/http/action";
import { inviteMember } from "@/lib/orgs/invite-member";

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
