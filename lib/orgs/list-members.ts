import { and, asc, eq, isNull, gt } from "drizzle-orm";
import { invitations, memberships, users } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";

/** Members of the organisation and its pending invitations. */
export function listMembers(orgId: string) {
  return withOrg(orgId, async (tx) => {
    const members = await tx
      .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, orgId))
      .orderBy(asc(memberships.createdAt));
    const pending = await tx
      .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now())))
      .orderBy(asc(invitations.createdAt));
    return { members, pending };
  });
}
