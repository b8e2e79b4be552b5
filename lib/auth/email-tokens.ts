import { createHash } from "node:crypto";
import { and, eq, gt, like } from "drizzle-orm";
import type { Tx } from "@/db";
import { verificationTokens } from "@/db/schema";
import { now, nowMs } from "@/lib/clock";
import { randomBase62 } from "@/lib/ids";

/**
 * Single-use links sent by email (verify an address, reset a password): 32 random characters, of which
 * only the sha256 is stored (verification_tokens, identifier `<kind>:<email>`). A new link for an
 * address replaces the earlier one. An email change's link names the account and the new address
 * (`email_change:<user id>:<new email>`, lib/auth/change-email.ts).
 */
export type EmailTokenKind = "verify" | "reset" | "email_change";
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export async function issueEmailToken(tx: Tx, kind: EmailTokenKind, email: string, ttlMs: number): Promise<string> {
  const token = randomBase62(32);
  await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, `${kind}:${email}`));
  await tx.insert(verificationTokens).values({ identifier: `${kind}:${email}`, token: hash(token), expires: new Date(nowMs() + ttlMs) });
  return token;
}

/**
 * Use a link up: the address it was issued for, or null when it is malformed, unknown, used or expired.
 * DELETE … RETURNING: of two concurrent uses, one gets the row.
 */
export async function consumeEmailToken(tx: Tx, kind: EmailTokenKind, token: string): Promise<string | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9]{32}$/.test(token)) return null;
  const [row] = await tx
    .delete(verificationTokens)
    .where(and(eq(verificationTokens.token, hash(token)), like(verificationTokens.identifier, `${kind}:%`), gt(verificationTokens.expires, now())))
    .returning();
  return row ? row.identifier.slice(kind.length + 1) : null;
}
