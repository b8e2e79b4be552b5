import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { errorResponse } from "@/lib/http/respond";
import { clientIp, consumeRateLimit } from "@/lib/security/rate-limit";

export const { GET } = handlers;

/** Auth.js, with the sign-in rate limit on its credentials callback too (429 with Retry-After). */
export async function POST(req: NextRequest) {
  if (req.nextUrl.pathname.endsWith("/callback/credentials")) {
    try {
      await consumeRateLimit("signInIp", clientIp(req.headers));
    } catch (err) {
      return errorResponse(err);
    }
  }
  return handlers.POST(req);
}
