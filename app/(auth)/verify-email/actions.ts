"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sendVerificationEmail, verifyEmail } from "@/lib/auth/email-verification";
import { userAction } from "@/lib/auth/action-clients";
import { runAction, type ActionResult } from "@/lib/http/action";

/** Follow the emailed link (a button on the page, so mail scanners that prefetch links verify nothing). */
export async function verifyEmailAction(form: FormData): Promise<void> {
  const result = await runAction(z.object({ token: z.string().max(100) }), { token: form.get("token") ?? "" }, (d) => verifyEmail(d.token));
  redirect(result.ok ? "/verify-email?verified=1" : "/verify-email?error=invalid_token");
}

export type ResendState = ActionResult<{ sent: boolean }> | null;

/** A new link for the signed-in account's address (earlier links stop working). */
export async function resendVerificationAction(_prev: ResendState, _form: FormData): Promise<ResendState> {
  return userAction(z.object({}), {}, async (_d, user) => {
    const { sent } = await sendVerificationEmail(user);
    return { sent };
  });
}
