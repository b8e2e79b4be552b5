import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db";
import { invitations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { AppError, notFound } from "@/lib/errors";

/** A pending invitation of this organisation (unaccepted, unrevoked), or 404 / 409. */
export async function pendingInvitation(tx: Tx, orgId: string, invitationId: string) {
  const [inv] = await tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, orgId)))
    .for("update");
  if (!inv || inv.revokedAt) throw notFound("invitation");
  if (inv.acceptedAt) throw new AppError("invitation_used", "This invitation has already been accepted: the person is a member now.", 409);
  return inv;
}

/** Revoke a pending invitation: its link stops working at once (the seat it held is free again). Audited. */
export async function revokeInvitation(input: { orgId: string; invitationId: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    const inv = await pendingInvitation(tx, input.orgId, input.invitationId);
    await tx.update(invitations).set({ revokedAt: now() }).where(and(eq(invitations.id, inv.id), isNull(invitations.revokedAt)));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "invitation.revoked", target: inv.id, before: { email: inv.email, role: inv.role } });
    return { id: inv.id, email: inv.email };
  });
}
