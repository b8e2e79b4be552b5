import { env } from "@/lib/env";
import { logger } from "@/lib/log";

/**
 * Send an email through SMTP_URL when configured. Without SMTP the message is logged — with `logLink`
 * outside production only, so a local install can follow invite and verification links but a
 * production log never holds them — and `false` is returned.
 */
export async function sendEmail(msg: { to: string; subject: string; text: string; logLink?: string }): Promise<boolean> {
  if (!env.SMTP_URL) {
    const link = env.NODE_ENV === "production" ? undefined : msg.logLink;
    logger.info({ to: msg.to, subject: msg.subject, link }, "email not sent (no SMTP_URL configured)");
    return false;
  }
  try {
    const { createTransport } = await import("nodemailer");
    await createTransport(env.SMTP_URL).sendMail({ from: env.EMAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text });
    return true;
  } catch (err) {
    logger.warn({ err: (err as Error).message, to: msg.to }, "email delivery failed");
    return false;
  }
}
