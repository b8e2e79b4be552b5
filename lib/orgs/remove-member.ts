import { and, eq } from "drizzle-orm";
import { memberships, users, type OrgRole } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { badRequest } from "@/lib/errors";
import { assertMayManage, assertOwnerRemains, lockTeam, memberOf } from "./team-rules";

/**
 * An owner or admin removes someone from the organisation (lib/orgs/team-rules.ts: never its last
 * owner; only an owner removes an owner). Removing yourself is leaving (leaveOrganization). Audited
 * with the person's email and role. Their sessions stay valid for their other organisations; this one
 * is gone at their next request (every request re-checks the membership).
 */
export async function removeMember(input: { orgId: string; userId: string; actorRole: OrgRole; actorUserId: string; actor: Actor }) {
  if (input.userId === input.actorUserId) throw badRequest("To remove yourself, use “Leave organisation”.", undefined, "use_leave");
  return withOrg(input.orgId, async (tx) => {
    await lockTeam(tx, input.orgId);
    const target = await memberOf(tx, input.orgId, input.userId);
    assertMayManage(input.actorRole, target);
    await assertOwnerRemains(tx, input.orgId, target, "remove");
    const [who] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, input.userId));
    await tx.delete(memberships).where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "member.removed", target: input.userId, before: { role: target.role, email: who?.email ?? null }, event: { type: "member.removed", data: { user_id: input.userId, role: target.role } } });
    return { userId: input.userId, email: who?.email ?? null, name: who?.name ?? null };
  });
}
