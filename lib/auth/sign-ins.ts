import { and, desc, eq, lt } from "drizzle-orm";
import { db } from "@/db";
import { signIns } from "@/db/schema";
import { logger } from "@/lib/log";

/**
 * The account's recent sign-ins (sign_ins), shown as its sessions: each JWT session is one sign-in
 * (its `authAt`). A session is active while it is younger than the JWT lifetime and newer than
 * users.sessions_revoked_at ("sign out everywhere", a password change or reset). The newest KEEP rows
 * per account are kept. Recording never blocks a sign-in: a failure is logged and ignored.
 */
export const KEEP = 20;
export const SESSION_MAX_AGE_MS = 30 * 86_400_000; // lib/auth/auth.ts session.maxAge

export async function recordSignIn(input: { userId: string; authAt: number; ip?: string | null; userAgent?: string | null }): Promise<void> {
  try {
    await db.insert(signIns).values({ userId: input.userId, authAt: input.authAt, ip: input.ip?.slice(0, 64) ?? null, userAgent: input.userAgent?.slice(0, 300) ?? null });
    const [oldest] = await db.select({ authAt: signIns.authAt }).from(signIns).where(eq(signIns.userId, input.userId)).orderBy(desc(signIns.authAt)).offset(KEEP - 1).limit(1);
    if (oldest) await db.delete(signIns).where(and(eq(signIns.userId, input.userId), lt(signIns.authAt, oldest.authAt)));
  } catch (err) {
    logger.warn({ err: (err as Error).message }, "sign-in not recorded");
  }
}

export type SignInRow = { id: number; at: Date; ip: string | null; userAgent: string | null; active: boolean; current: boolean };

/** Newest first; `current` is the session asking (its authAt), `active` as above. Wall-clock times, as the JWTs'. */
export async function listSignIns(userId: string, opts: { revokedAt: Date | null; currentAuthAt?: unknown }): Promise<SignInRow[]> {
  const rows = await db.select().from(signIns).where(eq(signIns.userId, userId)).orderBy(desc(signIns.authAt)).limit(KEEP);
  const nowMs = Date.now();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.authAt),
    ip: r.ip,
    userAgent: r.userAgent,
    active: r.authAt > (opts.revokedAt?.getTime() ?? -Infinity) && nowMs - r.authAt < SESSION_MAX_AGE_MS,
    current: r.authAt === opts.currentAuthAt,
  }));
}

/** "Chrome on Linux" from a User-Agent header (coarse, for people to recognise their devices). */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return "Unknown browser";
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : /curl\//.test(ua) ? "curl" : "A browser";
  const os = /Windows/.test(ua) ? "Windows" : /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : null;
  return os ? `${browser} on ${os}` : browser;
}
