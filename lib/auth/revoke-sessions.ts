import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";

/**
 * "Sign out everywhere": every session of this account signed in before now stops working at its next
 * request (getSessionUser compares the session's sign-in time with users.sessions_revoked_at). Session
 * times are wall-clock (the JWT's own clock), not the sandbox's test clock.
 */
export async function revokeAllSessions(userId: string, actor: Actor): Promise<Date> {
  const at = new Date();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ sessionsRevokedAt: at }).where(eq(users.id, userId));
    await record(tx, { actor, orgId: null, action: "user.sessions_revoked", target: userId, after: { at: at.toISOString() } });
  });
  return at;
}

/** Was a session signed in at `authAt` (ms) revoked since? Sessions without a sign-in time predate this check. */
export function sessionRevoked(authAt: unknown, revokedAt: Date | null): boolean {
  if (!revokedAt) return false;
  return typeof authAt !== "number" || authAt <= revokedAt.getTime();
}
