import type { OrgRole } from "@/db/schema";

const RANK: Record<OrgRole, number> = { member: 1, admin: 2, owner: 3 };

/** owner ⊇ admin ⊇ member */
export function roleAtLeast(role: OrgRole, min: OrgRole): boolean {
  return RANK[role] >= RANK[min];
}
