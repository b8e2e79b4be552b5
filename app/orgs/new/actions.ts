"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/auth/action-clients";
import { activeOrgCookieOptions } from "@/lib/auth/active-org-cookie";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";
import { formObject, type ActionResult } from "@/lib/http/action";
import { createOrganization } from "@/lib/orgs/create-organization";

const schema = z.object({ name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters") });

export type CreateOrgState = ActionResult<unknown> | null;

/** Create an organisation owned by the caller, make it the active one, and open its settings. */
export async function createOrgAction(_prev: CreateOrgState, form: FormData): Promise<CreateOrgState> {
  const result = await userAction(schema, formObject(form), async ({ name }, user) => {
    const org = await createOrganization({ name, ownerId: user.id, actor: { type: user.isAdmin ? "admin" : "user", id: user.id } });
    (await cookies()).set(ACTIVE_ORG_COOKIE, org.id, activeOrgCookieOptions());
    return org;
  });
  if (!result.ok) return result;
  redirect("/settings?created=1");
}
