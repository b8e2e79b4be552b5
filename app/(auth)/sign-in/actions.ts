"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { isPlatformAdmin } from "@/lib/auth/guards";
import { formObject, type ActionResult } from "@/lib/http/action";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { clientIp, consumeRateLimit, resetRateLimit } from "@/lib/security/rate-limit";

const schema = z.object({
  email: z.string().trim().min(1, "enter your email"),
  password: z.string().min(1, "enter your password"),
  callbackUrl: z.string().optional(),
});

export type SignInState = Extract<ActionResult<never>, { ok: false }> | null;

/** Email + password sign-in. Any failure is the same sentence, so it never reveals which accounts exist. */
export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = schema.safeParse(formObject(form));
  if (!parsed.success) return { ok: false, error: { code: "invalid_request", message: "Enter your email and password." } };
  const { email, password, callbackUrl } = parsed.data;
  const account = email.toLowerCase();
  try {
    // Per client IP and per account, so password guessing is slowed from one place and across many.
    await consumeRateLimit("signInIp", clientIp(await headers()));
    await consumeRateLimit("signInAccount", account);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
  try {
    await signIn("credentials", { email, password, redirect: false });
    await resetRateLimit("signInAccount", account);
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, error: { code: "wrong_credentials", message: "Wrong email or password." } };
    throw err;
  }
  // Platform admins without a destination go to the console; everyone else to billing.
  redirect(safeRedirectPath(callbackUrl, isPlatformAdmin(email.toLowerCase()) ? "/admin" : "/billing"));
}
