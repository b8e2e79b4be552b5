import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { dummyHash, verifyPassword } from "./password";

/** Email + password → the user, or null. Unknown emails cost the same time as wrong passwords. */
export async function authenticate(email: string, password: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user?.passwordHash) {
    await verifyPassword(await dummyHash(), password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? { id: user.id, email: user.email, name: user.name } : null;
}
