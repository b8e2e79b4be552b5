"use server";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { activeOrgCookieOptions } from "@/lib/auth/active-org-cookie";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

const schema = z.object({ orgId: z.string().min(1).max(100), next: z.string().optional() });

/** Make `orgId` the active organisation (members only; anyone else gets a 404) and go on to `next`. */
export async function switchOrgAction(form: FormData) {
  const result = await orgAction("member", schema, { orgId: form.get("orgId"), next: form.get("next") ?? undefined }, async ({ next }, ctx) => {
    (await cookies()).set(ACTIVE_ORG_COOKIE, ctx.org.id, activeOrgCookieOptions());
    return safeRedirectPath(next, "/settings");
  });
  if (!result.ok) {
    if (result.error.code === "unauthenticated") redirect("/sign-in");
    notFound();
  }
  redirect(result.data);
}
