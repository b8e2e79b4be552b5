"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { formObject, type ActionResult } from "@/lib/http/action";
import { renameOrganization } from "@/lib/orgs/rename-organization";

const schema = z.object({
  orgId: z.string().min(1),
  name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters"),
});

export type RenameState = ActionResult<{ id: string; name: string }> | null;

/** Rename the organisation shown on the page (owners and admins). */
export async function renameOrgAction(_prev: RenameState, form: FormData): Promise<RenameState> {
  return orgAction("admin", schema, formObject(form), async ({ orgId, name }, ctx) => {
    const org = await renameOrganization({ orgId, name, actor: ctx.actor });
    revalidatePath("/", "layout");
    return org;
  });
}
