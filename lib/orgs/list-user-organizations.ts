import { asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { memberships, organizations, type OrgRole } from "@/db/schema";

export type UserOrg = { id: string; name: string; role: OrgRole };

/** Every organisation the user belongs to, with their role, oldest first. */
export function listUserOrganizations(userId: string): Promise<UserOrg[]> {
  return db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}
