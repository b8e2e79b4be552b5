import { eq } from "drizzle-orm";
import { organizations } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { writeAudit, type Actor } from "@/lib/audit/write-audit";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";

export async function renameOrganization(input: { orgId: string; name: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    const [before] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, input.orgId));
    if (!before) throw notFound("organisation");
    const name = input.name.trim();
    await tx.update(organizations).set({ name, updatedAt: now() }).where(eq(organizations.id, input.orgId));
    await writeAudit(tx, { actor: input.actor, orgId: input.orgId, action: "organization.renamed", target: input.orgId, before, after: { name } });
    return { id: input.orgId, name };
  });
}
