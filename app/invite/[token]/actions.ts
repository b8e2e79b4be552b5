"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/auth/action-clients";
import { activeOrgCookieOptions } from "@/lib/auth/active-org-cookie";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";
import { type ActionResult } from "@/lib/http/action";
import { acceptInvitation } from "@/lib/orgs/accept-invitation";

const schema = z.object({ token: z.string().min(1).max(200) });

export type AcceptState = ActionResult<unknown> | null;

/** Join the organisation the invitation is for, make it active, and open its settings. */
export async function acceptInviteAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const result = await userAction(schema, { token: form.get("token") }, async ({ token }, user) => {
    const joined = await acceptInvitation({ token, userId: user.id });
    (await cookies()).set(ACTIVE_ORG_COOKIE, joined.orgId, activeOrgCookieOptions());
    return joined;
  });
  if (!result.ok) return result;
  redirect("/settings?joined=1");
}
