import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/security/security-headers";

// Security headers on every page and API response. Auth is NOT done here: every page, action and
// route handler calls its own guard (lib/auth/guards.ts).
export function proxy(_req: NextRequest) {
  const res = NextResponse.next();
  const headers = securityHeaders({
    stripeJs: Boolean(process.env.STRIPE_PUBLISHABLE_KEY && process.env.STRIPE_SECRET_KEY),
    production: process.env.NODE_ENV === "production",
    development: process.env.NODE_ENV === "development",
  });
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
