import { existsSync, readFileSync } from "node:fs";
import { expect } from "@playwright/test";

/** Messages the e2e SMTP sink received (e2e/global-setup.ts), oldest first. */
export type Mail = { to: string[]; subject: string; text: string };

export function mailbox(address: string): Mail[] {
  const file = process.env.E2E_MAIL_FILE;
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Mail)
    .filter((m) => m.to.includes(address.toLowerCase()));
}

/** Wait for the newest message to `address` with this subject (after `after` earlier ones) and return it. */
export async function waitForMail(address: string, subject: string, after = 0): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(() => {
      found = mailbox(address).slice(after).filter((m) => m.subject === subject).at(-1);
      return Boolean(found);
    }, { message: `an email "${subject}" to ${address}`, timeout: 15_000 })
    .toBe(true);
  return found!;
}

/** The first link in a message that starts with `prefix` (e.g. `${BASE_URL}/verify-email?token=`). */
export function linkIn(mail: Mail, path: string): string {
  const m = new RegExp(`https?://\\S+${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S*`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in "${mail.subject}": ${mail.text}`);
  return m[0];
}
