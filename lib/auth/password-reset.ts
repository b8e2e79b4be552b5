import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { record } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";
import { recordPasswordResult } from "./password-attempts";
import { hashPassword } from "./password";
import { registerUserSchema } from "./register-user";

/**
 * "Forgot password?": a single-use link valid one hour, emailed to the account's address (only its
 * sha256 is stored, identifier `reset:<email>`; a new request replaces the old link). The answer is the
 * same whether or not the address has an account. Resetting sets the new password, signs the account
 * out everywhere (users.sessions_revoked_at), marks the address verified (the link proved it) and
 * clears the wrong-password slow-down.
 */
export const RESET_TTL_MS = 3_600_000;

export async function requestPasswordReset(rawEmail: string): Promise<{ token: string | null }> {
  const email = rawEmail.trim().toLowerCase();
  const [user] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, email)).limit(1);
  if (!user) return { token: null };
  const token = await db.transaction(async (tx) => {
    const issued = await issueEmailToken(tx, "reset", email, RESET_TTL_MS);
    await record(tx, { actor: { type: "user", id: user.id }, orgId: null, action: "user.password_reset_requested", target: user.id });
    return issued;
  });
  const link = new URL(`/reset-password?token=${token}`, env.APP_URL).toString();
  await sendEmail({
    to: email,
    subject: "Reset your password",
    text: `Hello${user.name ? ` ${user.name}` : ""},\n\nSomeone (hopefully you) asked to reset the password of this account. Choose a new one within an hour:\n\n${link}\n\nIf it was not you, ignore this email: your password stays as it is.`,
    logLink: link,
  });
  return { token };
}

export const newPasswordSchema = registerUserSchema.shape.password;

export async function resetPassword(token: string, password: string): Promise<{ userId: string }> {
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? "invalid password", undefined, "invalid_password");
  const passwordHash = await hashPassword(parsed.data);
  const userId = await db.transaction(async (tx) => {
    const email = await consumeEmailToken(tx, "reset", token);
    if (!email) throw invalidToken();
    const [current] = await tx.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.email, email)).limit(1);
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionsRevokedAt: new Date(), emailVerified: current?.emailVerified ?? now() })
      .where(eq(users.email, email))
      .returning({ id: users.id });
    if (!user) throw invalidToken();
    await record(tx, { actor: { type: "user", id: user.id }, orgId: null, action: "user.password_reset", target: user.id });
    return user.id;
  });
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (u) await recordPasswordResult(u.email, true, 0);
  return { userId };
}

const invalidToken = () => badRequest("This link is invalid, already used or expired. Ask for a new one.", undefined, "invalid_token");
