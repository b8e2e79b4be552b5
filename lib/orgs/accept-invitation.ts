import { and, eq, isNull } from "drizzle-orm";
import { db } from "@/db";
import { invitations, memberships, organizations, users } from "@/db/schema";
import { record } from "@/lib/events/record";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { now } from "@/lib/clock";
import { AppError, notFound } from "@/lib/errors";

/** Look up an invitation by its token (for the accept page). */
export async function findInvitation(token: string) {
  const [row] = await db
    .select({ id: invitations.id, orgId: invitations.orgId, orgName: organizations.name, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashApiKey(token)));
  return row ?? null;
}

/** The signed-in user accepts; the invitation must be addressed to their email, unexpired and unused. */
export async function acceptInvitation(input: { token: string; userId: string }) {
  const inv = await findInvitation(input.token);
  if (!inv || inv.revokedAt) throw notFound("invitation");
  if (inv.acceptedAt) throw new AppError("invitation_used", "This invitation has already been accepted.", 409);
  if (inv.expiresAt.getTime() < now().getTime()) throw new AppError("invitation_expired", "This invitation has expired; ask for a new one.", 410);
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
  if (!user || user.email.toLowerCase() !== inv.email) {
    throw new AppError("invitation_wrong_account", `This invitation is for ${inv.email}. Sign in with that email to accept it.`, 403);
  }
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(invitations)
      .set({ acceptedAt: now() })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (updated.length === 0) throw new AppError("invitation_used", "This invitation has already been accepted.", 409);
    await tx.insert(memberships).values({ orgId: inv.orgId, userId: input.userId, role: inv.role, createdAt: now() }).onConflictDoNothing();
    await record(tx, {
      actor: { type: "user", id: input.userId },
      orgId: inv.orgId,
      action: "member.joined",
      target: input.userId,
      after: { role: inv.role },
      event: { type: "member.added", data: { user_id: input.userId, role: inv.role } },
    });
  });
  return { orgId: inv.orgId, orgName: inv.orgName, role: inv.role };
}
