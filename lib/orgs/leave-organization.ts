import { and, eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { assertOwnerRemains, lockTeam, memberOf } from "./team-rules";

/** A member leaves an organisation — unless they are its last owner (409 last_owner). Audited. */
export async function leaveOrganization(input: { orgId: string; userId: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    await lockTeam(tx, input.orgId);
    const me = await memberOf(tx, input.orgId, input.userId);
    await assertOwnerRemains(tx, input.orgId, me, "leave");
    await tx.delete(memberships).where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "member.left", target: input.userId, before: { role: me.role }, event: { type: "member.removed", data: { user_id: input.userId, role: me.role } } });
    return { orgId: input.orgId };
  });
}
