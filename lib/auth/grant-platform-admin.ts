import { eq } from "drizzle-orm";
import { db } from "@/db";
import { users } from "@/db/schema";
import { SYSTEM_ACTOR, record } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";

/**
 * Make an existing account a platform admin (the first admin of a production install, where
 * ADMIN_EMAILS has no default): `npm run admin:grant -- <email>`. Whoever runs it has shell access to
 * the server, so the account's address counts as verified too. Audited as the system.
 */
export async function grantPlatformAdmin(email: string): Promise<{ id: string; email: string; already: boolean }> {
  const address = email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, address)).limit(1).for("update");
    if (!user) throw notFound(`account ${address} (sign up first, then grant)`);
    if (user.platformAdminAt) return { id: user.id, email: user.email, already: true };
    const at = now();
    await tx.update(users).set({ platformAdminAt: at, emailVerified: user.emailVerified ?? at }).where(eq(users.id, user.id));
    await record(tx, { actor: SYSTEM_ACTOR, orgId: null, action: "user.platform_admin_granted", target: user.id, after: { email: user.email } });
    return { id: user.id, email: user.email, already: false };
  });
}
