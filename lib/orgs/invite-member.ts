import { and, count, gt, isNull, eq } from "drizzle-orm";
import { invitations, type OrgRole } from "@/db/schema";
import type { DbOrTx } from "@/db";
import type { Plan } from "@/lib/billing/catalog-schema";
import { resolveOrgPlan } from "@/lib/billing/resolve-org-plan";
import { conflict } from "@/lib/errors";
import { gaugeValue, SEATS_METRIC } from "@/lib/usage/gauges";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { env } from "@/lib/env";
import { newId, randomBase62 } from "@/lib/ids";
import { nowMs, now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";

export const INVITE_TTL_MS = 7 * 86_400_000;

/**
 * Invite someone by email. Returns the invite link; it is also emailed when SMTP_URL is set,
 * and logged otherwise, so a local install can always complete the flow.
 */
export async function inviteMember(input: { orgId: string; orgName: string; email: string; role: OrgRole; invitedBy: string; actor: Actor }) {
  const token = randomBase62(40);
  const id = newId("inv");
  const email = input.email.trim().toLowerCase();
  const { plan } = await resolveOrgPlan(input.orgId);
  await withOrg(input.orgId, async (tx) => {
    await assertSeatAvailable(input.orgId, plan, tx);
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
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "member.invited", target: id, after: { email, role: input.role } });
  });
  const { link, emailed } = await emailInvitation({ email, orgName: input.orgName, role: input.role, token });
  return { id, email, role: input.role, link, emailed };
}

/** The invitation email (sent on invite and on re-send): the link, also logged outside production without SMTP. */
export async function emailInvitation(inv: { email: string; orgName: string; role: OrgRole; token: string }) {
  const link = `${env.APP_URL}/invite/${inv.token}`;
  const emailed = await sendEmail({
    to: inv.email,
    subject: `You're invited to ${inv.orgName}`,
    text: `You have been invited to join ${inv.orgName} as ${inv.role}.\n\nAccept: ${link}\n\nThe link expires in 7 days.`,
    logLink: link,
  });
  return { link, emailed };
}

/**
 * docs/BILLING.md §5: seats are the members (the owner included) and are never charged, so an invite
 * that would need a seat past the plan's allowance — counting invitations still open — is refused
 * with what to do about it.
 */
async function assertSeatAvailable(orgId: string, plan: Plan, tx: DbOrTx) {
  const included = plan.limits[SEATS_METRIC]?.included ?? null;
  if (included === null) return;
  const members = await gaugeValue(orgId, SEATS_METRIC, tx);
  const [open] = await tx
    .select({ n: count() })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now())));
  const pending = Number(open?.n ?? 0);
  if (members + pending + 1 > included) {
    const seats = `${included} seat${included === 1 ? "" : "s"}`;
    throw conflict(
      `Your ${plan.name} plan includes ${seats}, and ${members} ${members === 1 ? "is" : "are"} taken by members${pending ? ` and ${pending} by open invitations` : ""}. Remove a member or revoke an invitation, or upgrade your plan to invite more people.`,
      "seat_limit_reached",
    );
  }
}
