import { invitations, type OrgRole } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { env } from "@/lib/env";
import { newId, randomBase62 } from "@/lib/ids";
import { nowMs, now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";

const INVITE_TTL_MS = 7 * 86_400_000;

/**
 * Invite someone by email. Returns the invite link; it is also emailed when SMTP_URL is set,
 * and logged otherwise, so a local install can always complete the flow.
 */
export async function inviteMember(input: { orgId: string; orgName: string; email: string; role: OrgRole; invitedBy: string; actor: Actor }) {
  const token = randomBase62(40);
  const id = newId("inv");
  const email = input.email.trim().toLowerCase();
  await withOrg(input.orgId, async (tx) => {
    await tx.insert(invitations).values({
      id,
      orgId: input.orgId,
      email,
      role: input.role,
      tokenHash: hashApiKey(token),
      invitedBy: input.invitedBy,
      expiresAt: new Date(nowMs() + INVITE_TTL_MS),
      createdAt: now(),
    });
    await writeAudit(tx, { actor: input.actor, orgId: input.orgId, action: "member.invited", target: id, after: { email, role: input.role } });
  });
  const link = `${env.APP_URL}/invite/${token}`;
  const delivered = await sendEmail({
    to: email,
    subject: `You're invited to ${input.orgName}`,
    text: `You have been invited to join ${input.orgName} as ${input.role}.\n\nAccept: ${link}\n\nThe link expires in 7 days.`,
    logLink: link,
  });
  return { id, email, role: input.role, link, emailed: delivered };
}
