import { and, eq, inArray, like } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { users, verificationTokens } from "@/db/schema";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";
import { env } from "@/lib/env";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { authenticate } from "./authenticate";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";

/**
 * Change the account's email address, in two steps:
 *  1. requestEmailChange (account settings, current password required): a single-use link, valid 24
 *     hours, is emailed to the NEW address (lib/auth/email-tokens.ts, identifier
 *     `email_change:<user id>:<new email>`; a newer request replaces it). Nothing about the account changes.
 *  2. confirmEmailChange (the link): the address becomes the new one and counts as verified — the link
 *     proved it — and the old address gets a notice. Links for the old address (verify, reset) are void.
 * So the verified flag always belongs to the address it was proven for: an account cannot verify one
 * address and then move onto an ADMIN_EMAILS address it does not own (isPlatformAdmin).
 * An address that already has an account is not revealed: the answer is the same, no link is sent, and
 * that address is told someone tried.
 */
export const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;
export const newEmailSchema = z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")).pipe(z.string().max(254, "at most 254 characters"));

const prefix = (userId: string) => `email_change:${userId}:`;

export function emailChangeLink(token: string): string {
  return new URL(`/confirm-email?token=${encodeURIComponent(token)}`, env.APP_URL).toString();
}

export async function requestEmailChange(input: { userId: string; currentPassword: string; newEmail: string; actor: Actor }): Promise<{ email: string; token: string | null }> {
  const parsed = newEmailSchema.safeParse(input.newEmail);
  if (!parsed.success) throw badRequest(`New email: ${parsed.error.issues[0]?.message ?? "invalid"}.`, undefined, "invalid_email");
  const email = parsed.data;
  const [user] = await db.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user) throw notFound("account");
  if (email === user.email) throw badRequest("That is already your email address.", undefined, "same_email");
  if (!(await authenticate(user.email, input.currentPassword))) throw badRequest("Your current password is not right.", undefined, "wrong_password");
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (taken) {
    await sendEmail({
      to: email,
      subject: "Someone tried to use your address",
      text: `Someone asked to move another account onto this email address. This address already has an account, so nothing changed.\n\nIf it was you, sign in with this address instead.`,
    });
    await db.transaction((tx) => record(tx, { actor: input.actor, orgId: null, action: "user.email_change_requested", target: input.userId, after: { to: email, refused: "address_in_use" } }));
    return { email, token: null };
  }
  const token = await db.transaction(async (tx) => {
    await tx.delete(verificationTokens).where(like(verificationTokens.identifier, `${prefix(input.userId)}%`));
    const t = await issueEmailToken(tx, "email_change", `${input.userId}:${email}`, EMAIL_CHANGE_TTL_MS);
    await record(tx, { actor: input.actor, orgId: null, action: "user.email_change_requested", target: input.userId, before: { email: user.email }, after: { to: email } });
    return t;
  });
  const link = emailChangeLink(token);
  await sendEmail({
    to: email,
    subject: "Confirm your new email address",
    text: `Hello${user.name ? ` ${user.name}` : ""},\n\nOpen this link within 24 hours to make ${email} the email address of your billing account (instead of ${user.email}):\n\n${link}\n\nIf you did not ask for this, ignore this email: nothing changes.`,
    logLink: link,
  });
  return { email, token };
}

/** Follow the link: the new address replaces the old one, verified. 400 invalid_token if unknown, used or expired; 409 if taken meanwhile. */
export async function confirmEmailChange(token: string): Promise<{ userId: string; email: string; previous: string }> {
  const done = await db.transaction(async (tx) => {
    const subject = await consumeEmailToken(tx, "email_change", token);
    const sep = subject?.indexOf(":") ?? -1;
    if (!subject || sep < 1) throw invalidToken();
    const userId = subject.slice(0, sep);
    const email = subject.slice(sep + 1);
    const [user] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw invalidToken();
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (taken) throw conflict("This address has an account of its own now, so it cannot be moved onto yours.", "email_taken");
    await tx.update(users).set({ email, emailVerified: now() }).where(eq(users.id, userId));
    // Links sent to the old address (or waiting for the new one) no longer name this account.
    await tx.delete(verificationTokens).where(inArray(verificationTokens.identifier, [`verify:${user.email}`, `reset:${user.email}`, `verify:${email}`, `reset:${email}`]));
    await record(tx, { actor: { type: "user", id: userId }, orgId: null, action: "user.email_changed", target: userId, before: { email: user.email }, after: { email } });
    return { userId, email, previous: user.email, name: user.name };
  });
  await sendEmail({
    to: done.previous,
    subject: "Your email address was changed",
    text: `Hello${done.name ? ` ${done.name}` : ""},\n\nThe email address of your billing account was changed from ${done.previous} to ${done.email}. Sign in with the new address from now on.\n\nIf this was not you, contact your administrator at once.`,
  });
  return { userId: done.userId, email: done.email, previous: done.previous };
}

/** The new address waiting for its link, if any (shown in account settings). */
export async function pendingEmailChange(userId: string): Promise<{ email: string; expires: Date } | null> {
  const [row] = await db
    .select({ identifier: verificationTokens.identifier, expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(and(like(verificationTokens.identifier, `${prefix(userId)}%`)))
    .limit(1);
  if (!row || row.expires.getTime() < now().getTime()) return null;
  return { email: row.identifier.slice(prefix(userId).length), expires: row.expires };
}

const invalidToken = () => badRequest("This link is invalid, already used or expired. Ask for a new one from your account settings.", undefined, "invalid_token");
