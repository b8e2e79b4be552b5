import { env } from "@/lib/env";
import { logger } from "@/lib/log";

export type EmailMessage = { to: string; subject: string; text: string; logLink?: string };

/**
 * Hand one message to SMTP_URL; throws when the send fails (the retried email job,
 * lib/notifications/email-deliveries.ts, relies on it). Without SMTP the message is logged — with
 * `logLink` outside production only, so a local install can follow invite and verification links but a
 * production log never holds them — and `false` is returned.
 */
export async function transportEmail(msg: EmailMessage): Promise<boolean> {
  if (!env.SMTP_URL) {
    const link = env.NODE_ENV === "production" ? undefined : msg.logLink;
    logger.info({ to: msg.to, subject: msg.subject, link }, "email not sent (no SMTP_URL configured)");
    return false;
  }
  const { createTransport } = await import("nodemailer");
  await createTransport(env.SMTP_URL).sendMail({ from: env.EMAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text });
  return true;
}

/**
 * Send now, once, and report whether it went (`false` when it failed or SMTP is not configured): for
 * messages the user is waiting for on screen (sign-in links, invitations), whose page says so and offers
 * to send again. Notices go through the retried email job instead (queueEmail).
 */
export async function sendEmail(msg: EmailMessage): Promise<boolean> {
  try {
    return await transportEmail(msg);
  } catch (err) {
    logger.warn({ err: (err as Error).message, to: msg.to }, "email delivery failed");
    return false;
  }
}
