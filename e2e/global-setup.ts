import { appendFileSync } from "node:fs";
import { startSmtpSink } from "../tests/smtp-sink";

/**
 * A real SMTP server for the e2e run (tests/smtp-sink.ts): the app server sends through SMTP_URL
 * (playwright.config.ts points it here) and every message that arrives is appended as one JSON line
 * to E2E_MAIL_FILE, which specs read (e2e/mail.ts). Closed when the run ends.
 */
export default async function globalSetup() {
  const file = process.env.E2E_MAIL_FILE!;
  const sink = await startSmtpSink(Number(process.env.E2E_SMTP_PORT), (m) => appendFileSync(file, `${JSON.stringify({ to: m.to, subject: m.subject, text: m.text })}\n`));
  return () => sink.close();
}
