"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { sendVerificationEmail } from "@/lib/auth/email-verification";
import { registerUser, registerUserSchema } from "@/lib/auth/register-user";
import { logger } from "@/lib/log";
import { formObject, runAction, type ActionResult } from "@/lib/http/action";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { clientIp, consumeRateLimit } from "@/lib/security/rate-limit";

const schema = registerUserSchema.extend({ callbackUrl: z.string().optional() });

export type SignUpState = ActionResult<unknown> | null;

/** Create the account, sign it in, then continue to callbackUrl (an invite) or organisation set-up. */
export async function signUpAction(_prev: SignUpState, form: FormData): Promise<SignUpState> {
  const ip = clientIp(await headers());
  const result = await runAction(schema, formObject(form), async (data) => {
    await consumeRateLimit("signUpIp", ip);
    const user = await registerUser(data);
    // The address is unproven until the emailed link is followed (ADMIN_EMAILS counts only verified ones).
    await sendVerificationEmail(user).catch((err: unknown) => logger.warn({ err }, "verification email not sent"));
    await signIn("credentials", { email: data.email, password: data.password, redirect: false });
    return { next: safeRedirectPath(data.callbackUrl, "/onboarding") };
  });
  if (!result.ok) return result;
  redirect(result.data.next);
}
