"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { isPlatformAdmin } from "@/lib/auth/guards";
import { formObject, type ActionResult } from "@/lib/http/action";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

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
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (err) {
    if (err instanceof AuthError) return { ok: false, error: { code: "wrong_credentials", message: "Wrong email or password." } };
    throw err;
  }
  // Platform admins without a destination go to the console; everyone else to billing.
  redirect(safeRedirectPath(callbackUrl, isPlatformAdmin(email.toLowerCase()) ? "/admin" : "/billing"));
}
