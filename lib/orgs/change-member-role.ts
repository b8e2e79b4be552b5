import { and, eq } from "drizzle-orm";
import { memberships, type OrgRole } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { assertMayManage, assertOwnerRemains, lockTeam, memberOf } from "./team-rules";

/**
 * Change a member's role (owner, admin or member). lib/orgs/team-rules.ts: only an owner makes or
 * unmakes owners; the last owner cannot be demoted (409 last_owner), not even by themselves.
 * Audited with the role before and after; setting the same role changes nothing and writes nothing.
 */
export async function changeMemberRole(input: { orgId: string; userId: string; role: OrgRole; actorRole: OrgRole; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    await lockTeam(tx, input.orgId);
    const target = await memberOf(tx, input.orgId, input.userId);
    if (target.role === input.role) return { userId: input.userId, role: input.role, changed: false };
    assertMayManage(input.actorRole, target, input.role);
    await assertOwnerRemains(tx, input.orgId, target, "demote");
    await tx.update(memberships).set({ role: input.role }).where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "member.role_changed", target: input.userId, before: { role: target.role }, after: { role: input.role } });
    return { userId: input.userId, role: input.role, changed: true };
  });
}
