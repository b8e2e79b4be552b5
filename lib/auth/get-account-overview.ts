import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { pendingEmailChange } from "./change-email";
import { listSignIns, type SignInRow } from "./sign-ins";

export type AccountOverview = {
  emailVerified: boolean;
  sessionsRevokedAt: Date | null;
  pendingEmail: { email: string; expires: Date } | null;
  signIns: SignInRow[];
};

/** What the account page shows of the signed-in person: verification, a pending email change, recent sign-ins. */
export async function getAccountOverview(userId: string, currentAuthAt: unknown): Promise<AccountOverview> {
  const [[row], pendingEmail] = await Promise.all([
    db.select({ emailVerified: users.emailVerified, sessionsRevokedAt: users.sessionsRevokedAt }).from(users).where(eq(users.id, userId)),
    pendingEmailChange(userId),
  ]);
  const sessionsRevokedAt = row?.sessionsRevokedAt ?? null;
  const signIns = await listSignIns(userId, { revokedAt: sessionsRevokedAt, currentAuthAt });
  return { emailVerified: Boolean(row?.emailVerified), sessionsRevokedAt, pendingEmail, signIns };
}
