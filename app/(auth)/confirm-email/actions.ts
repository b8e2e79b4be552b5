"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { confirmEmailChange } from "@/lib/auth/change-email";
import { runAction } from "@/lib/http/action";

/** Follow the emailed link to a new address (a button on the page: a prefetching mail scanner changes nothing). */
export async function confirmEmailChangeAction(form: FormData): Promise<void> {
  const result = await runAction(z.object({ token: z.string().max(100) }), { token: form.get("token") ?? "" }, (d) => confirmEmailChange(d.token));
  redirect(result.ok ? "/confirm-email?changed=1" : `/confirm-email?error=${encodeURIComponent(result.error.code)}`);
}
