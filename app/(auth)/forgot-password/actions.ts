"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { runAction } from "@/lib/http/action";
import { clientIp, consumeRateLimit } from "@/lib/security/rate-limit";

/** Email a reset link. The same answer whether or not the address has an account (no enumeration). */
export async function requestResetAction(form: FormData): Promise<void> {
  const ip = clientIp(await headers());
  const result = await runAction(z.object({ email: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")) }), { email: form.get("email") ?? "" }, async (d) => {
    await consumeRateLimit("signUpIp", ip); // requests that send email share the sign-up budget per IP
    await requestPasswordReset(d.email);
  });
  redirect(result.ok ? "/forgot-password?sent=1" : `/forgot-password?error=${encodeURIComponent(result.error.code)}`);
}
