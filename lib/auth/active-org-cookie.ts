import { env } from "@/lib/env";

/** Cookie options for ACTIVE_ORG_COOKIE: a preference, not a credential (every request re-checks membership). */
export function activeOrgCookieOptions() {
  return { path: "/", httpOnly: true, sameSite: "lax" as const, secure: env.APP_URL.startsWith("https://"), maxAge: 365 * 86_400 };
}
