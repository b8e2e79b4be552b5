import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { passwordWaitSeconds } from "@/lib/auth/password-attempts";
import { tooManyRequests } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { clientIp, consumeRateLimit } from "@/lib/security/rate-limit";

export const { GET } = handlers;

/**
 * Auth.js, with the sign-in limits on its credentials callback too (429 with Retry-After): per client
 * IP here, and per account — checked here so a slowed-down account gets a 429 rather than Auth.js's
 * redirect, and enforced where the password is checked (authenticate(), lib/auth/password-attempts.ts).
 */
export async function POST(req: NextRequest) {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    try {
      await consumeRateLimit("signInIp", clientIp(req.headers));
      const email = await req
        .clone()
        .formData()
        .then((f) => f.get("email"))
        .catch(() => null);
      if (typeof email === "string" && email.length <= 320) {
        const wait = await passwordWaitSeconds(email);
        if (wait > 0) throw tooManyRequests("Too many wrong passwords for this account. Wait a moment and try again.", wait);
      }
    } catch (err) {
      return errorResponse(err);
    }
  }
  return handlers.POST(req);
}
