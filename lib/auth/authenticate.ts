import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { enterPasswordGate, recordPasswordResult } from "./password-attempts";
import { dummyHash, verifyPassword } from "./password";

/**
 * Email + password → the user, or null. Unknown emails cost the same time as wrong passwords, and
 * count against the per-account limit the same way (lib/auth/password-attempts.ts): a slowed-down
 * account is a 429 AppError before any password is checked.
 */
export async function authenticate(email: string, password: string) {
  const address = email.trim().toLowerCase();
  const attempt = await enterPasswordGate(address);
  const [user] = await db.select().from(users).where(eq(users.email, address)).limit(1);
  let ok = false;
  if (!user?.passwordHash) await verifyPassword(await dummyHash(), password);
  else ok = await verifyPassword(user.passwordHash, password);
  await recordPasswordResult(address, ok, attempt);
  return ok && user ? { id: user.id, email: user.email, name: user.name } : null;
}
