import { eq } from "drizzle-orm";
import { invitations, organizations, type OrgRole } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { nowMs } from "@/lib/clock";
import { randomBase62 } from "@/lib/ids";
import { emailInvitation, INVITE_TTL_MS } from "./invite-member";
import { pendingInvitation } from "./revoke-invitation";

/**
 * Send a pending (or expired) invitation again: a new link valid 7 more days replaces the old one
 * (the earlier email's link stops working), emailed to the same address. Audited.
 */
export async function resendInvitation(input: { orgId: string; invitationId: string; actor: Actor }): Promise<{ id: string; email: string; role: OrgRole; link: string; emailed: boolean }> {
  const token = randomBase62(40);
  const { inv, orgName } = await withOrg(input.orgId, async (tx) => {
    const inv = await pendingInvitation(tx, input.orgId, input.invitationId);
    const expiresAt = new Date(nowMs() + INVITE_TTL_MS);
    await tx.update(invitations).set({ tokenHash: hashApiKey(token), expiresAt }).where(eq(invitations.id, inv.id));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "invitation.resent", target: inv.id, after: { email: inv.email, expiresAt: expiresAt.toISOString() } });
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, input.orgId));
    return { inv, orgName: org?.name ?? "" };
  });
  const { link, emailed } = await emailInvitation({ email: inv.email, orgName, role: inv.role, token });
  return { id: inv.id, email: inv.email, role: inv.role, link, emailed };
}
