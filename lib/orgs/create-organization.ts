import { organizations, memberships } from "@/db/schema";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { newId } from "@/lib/ids";
import { now } from "@/lib/clock";

/** Create an organisation with `ownerId` as its owner. */
export async function createOrganization(input: { name: string; ownerId: string; actor: Actor; id?: string }) {
  const org = { id: input.id ?? newId("org"), name: input.name.trim(), createdAt: now(), updatedAt: now() };
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values(org);
    await tx.insert(memberships).values({ orgId: org.id, userId: input.ownerId, role: "owner", createdAt: now() });
    await record(tx, { actor: input.actor, orgId: org.id, action: "organization.created", target: org.id, after: { name: org.name } });
  });
  return org;
}
