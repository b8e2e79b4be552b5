import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { sendEmail } from "@/lib/email/send-email";
import { badRequest, notFound } from "@/lib/errors";
import { authenticate } from "./authenticate";
import { hashPassword } from "./password";
import { newPasswordSchema } from "./password-reset";

/**
 * Change the password from account settings: the current password is checked first (through
 * authenticate(), so the per-account wrong-password slow-down applies here too), the new one must
 * pass the sign-up rules and differ from it. Every session signed in before now is ended
 * (users.sessions_revoked_at; the caller signs the current browser in again). Audited; the address
 * gets a notice, so a change the owner did not make does not go unnoticed.
 */
export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; actor: Actor }): Promise<{ revokedAt: Date }> {
  const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) throw notFound("account");
  const parsed = newPasswordSchema.safeParse(input.newPassword);
  if (!parsed.success) throw badRequest(`New password: ${parsed.error.issues[0]?.message ?? "invalid"}.`, undefined, "invalid_password");
  if (!(await authenticate(user.email, input.currentPassword))) throw badRequest("Your current password is not right.", undefined, "wrong_password");
  if (input.newPassword === input.currentPassword) throw badRequest("Choose a new password that differs from the current one.", undefined, "same_password");
  const passwordHash = await hashPassword(parsed.data);
  const revokedAt = new Date(); // session times are wall-clock (lib/auth/revoke-sessions.ts)
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, sessionsRevokedAt: revokedAt }).where(eq(users.id, input.userId));
    await record(tx, { actor: input.actor, orgId: null, action: "user.password_changed", target: input.userId, after: { sessionsRevokedAt: revokedAt.toISOString() } });
  });
  await sendEmail({
    to: user.email,
    subject: "Your password was changed",
    text: `Hello${user.name ? ` ${user.name}` : ""},\n\nThe password of your account was changed, and every other session was signed out.\n\nIf this was not you, reset your password at once with "Forgot password?" on the sign-in page.`,
  });
  return { revokedAt };
}
