import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { record } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";

/**
 * Email verification: a single-use link, valid 24 hours, sent to the address at sign-up. Only the
 * token's sha256 is stored (verification_tokens, identifier `verify:<email>`); following the link
 * marks the account's address verified — what ADMIN_EMAILS needs before it grants anything.
 * Without SMTP the link is logged outside production only (lib/email/send-email.ts).
 */
export const VERIFY_TTL_MS = 24 * 3_600_000;

export function verificationLink(token: string): string {
  return new URL(`/verify-email?token=${encodeURIComponent(token)}`, env.APP_URL).toString();
}

/** A fresh link for this account's address (earlier links stop working); sends it. Returns the token (tests). */
export async function sendVerificationEmail(user: { email: string; name?: string | null }): Promise<{ token: string; sent: boolean }> {
  const email = user.email.toLowerCase();
  const token = await db.transaction((tx) => issueEmailToken(tx, "verify", email, VERIFY_TTL_MS));
  const link = verificationLink(token);
  const sent = await sendEmail({
    to: email,
    subject: "Confirm your email address",
    text: `Hello${user.name ? ` ${user.name}` : ""},\n\nConfirm that this address is yours by opening this link within 24 hours:\n\n${link}\n\nIf you did not create an account, ignore this email.`,
    logLink: link,
  });
  return { token, sent };
}

/** Follow a link: the address is verified and the link is used up. 400 `invalid_token` if unknown, used or expired. */
export async function verifyEmail(token: string): Promise<{ userId: string; email: string }> {
  return db.transaction(async (tx) => {
    const email = await consumeEmailToken(tx, "verify", token);
    if (!email) throw invalidToken();
    const [user] = await tx.update(users).set({ emailVerified: now() }).where(eq(users.email, email)).returning({ id: users.id, email: users.email });
    if (!user) throw invalidToken();
    await record(tx, { actor: { type: "user", id: user.id }, orgId: null, action: "user.email_verified", target: user.id, after: { email: user.email } });
    return { userId: user.id, email: user.email };
  });
}

const invalidToken = () => badRequest("This link is invalid, already used or expired. Sign in and ask for a new one.", undefined, "invalid_token");
