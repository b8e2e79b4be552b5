import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { assertOwnerRemains, lockTeam, memberOf } from "./team-rules";

/** A member leaves an organisation — unless they are its last owner (409 last_owner). Audited. */
export async function leaveOrganization(input: { orgId: string; userId: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    await lockTeam(tx, input.orgId);
    const me = await memberOf(tx, input.orgId, input.userId);
    await assertOwnerRemains(tx, input.orgId, me, "leave");
    await tx.delete(memberships).where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
    await writeAudit(tx, { actor: input.actor, orgId: input.orgId, action: "member.left", target: input.userId, before: { role: me.role } });
    return { orgId: input.orgId };
  });
}
