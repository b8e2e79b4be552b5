"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resetPassword } from "@/lib/auth/password-reset";
import { runAction } from "@/lib/http/action";

/** Set a new password with the emailed link's token, then sign in again (every session was ended). */
export async function resetPasswordAction(form: FormData): Promise<void> {
  const input = { token: form.get("token") ?? "", password: form.get("password") ?? "" };
  const result = await runAction(z.object({ token: z.string().max(100), password: z.string().max(500) }), input, (d) => resetPassword(d.token, d.password));
  if (result.ok) redirect("/sign-in?reset=1");
  const token = typeof input.token === "string" ? input.token : "";
  redirect(`/reset-password?token=${encodeURIComponent(token.slice(0, 100))}&error=${encodeURIComponent(result.error.code)}`);
}
