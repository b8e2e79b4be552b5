"use server";

import { eq } from "drizzle-orm";
import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { db } from "@/db";
import { users } from "@/db/schema";
import { signIn } from "@/lib/auth/auth";
import { passwordWaitSeconds } from "@/lib/auth/password-attempts";
import { isPlatformAdmin } from "@/lib/auth/guards";
import { formObject, type ActionResult } from "@/lib/http/action";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { clientIp, consumeRateLimit } from "@/lib/security/rate-limit";

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
    // Per client IP here; per account wherever a password is checked (authenticate(), which slows an
    // account down after repeated wrong passwords, whatever IP they come from).
    await consumeRateLimit("signInIp", clientIp(await headers()));
    const wait = await passwordWaitSeconds(account);
    if (wait > 0) return { ok: false, error: { code: "rate_limited", message: slowedDown(wait) } };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "rate_limited") {
      return { ok: false, error: { code: "rate_limited", message: slowedDown(await passwordWaitSeconds(account)) } };
    }
    if (err instanceof AuthError) return { ok: false, error: { code: "wrong_credentials", message: "Wrong email or password." } };
    throw err;
  }
  // Platform admins without a destination go to the console; everyone else to billing.
  const [user] = await db
    .select({ email: users.email, emailVerified: users.emailVerified, platformAdminAt: users.platformAdminAt })
    .from(users)
    .where(eq(users.email, account))
    .limit(1);
  redirect(safeRedirectPath(callbackUrl, user && isPlatformAdmin(user) ? "/admin" : "/billing"));
}

const slowedDown = (seconds: number) =>
  `Too many wrong passwords for this account. Wait ${Math.max(1, seconds)} second${seconds === 1 ? "" : "s"} and try again.`;
