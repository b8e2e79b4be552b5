import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";

export async function renameOrganization(input: { orgId: string; name: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    const [before] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, input.orgId));
    if (!before) throw notFound("organisation");
    const name = input.name.trim();
    await tx.update(organizations).set({ name, updatedAt: now() }).where(eq(organizations.id, input.orgId));
    await record(tx, { actor: input.actor, orgId: input.orgId, action: "organization.renamed", target: input.orgId, before, after: { name } });
    return { id: input.orgId, name };
  });
}
