import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db";
import { memberships, organizations, type OrgRole } from "@/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";

/**
 * The rules of team changes, in one place (remove, change role, leave):
 *  - an organisation always keeps at least one owner: removing, demoting or letting go of its last
 *    owner is refused (409 last_owner) — checked with the organisation row locked, so two owners
 *    demoting each other at once cannot both succeed;
 *  - only an owner may touch an owner (remove or demote one) or make someone an owner;
 *    admins manage admins and members.
 * Call inside withOrg(orgId, …).
 */
export async function lockTeam(tx: Tx, orgId: string): Promise<void> {
  const rows = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
  if (rows.length === 0) throw notFound("organisation");
}

/** The membership being changed (locked by lockTeam first); 404 when the person is not a member. */
export async function memberOf(tx: Tx, orgId: string, userId: string): Promise<{ userId: string; role: OrgRole }> {
  const [row] = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw notFound("member");
  return row;
}

export async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return Number(row?.n ?? 0);
}

/** Refuse a change that would leave the organisation without an owner. */
export async function assertOwnerRemains(tx: Tx, orgId: string, target: { role: OrgRole }, what: "remove" | "demote" | "leave"): Promise<void> {
  if (target.role !== "owner") return;
  if ((await ownerCount(tx, orgId)) > 1) return;
  const message = {
    remove: "This is the organisation's only owner: make someone else an owner first.",
    demote: "This is the organisation's only owner: make someone else an owner before changing this role.",
    leave: "You are the organisation's only owner: make someone else an owner before you leave.",
  }[what];
  throw new AppError("last_owner", message, 409);
}

/** Only an owner may remove or demote an owner, or make someone an owner. */
export function assertMayManage(actorRole: OrgRole, target: { role: OrgRole }, newRole?: OrgRole): void {
  if (actorRole === "owner") return;
  if (target.role === "owner") throw forbidden("Only an owner can change or remove another owner.");
  if (newRole === "owner") throw forbidden("Only an owner can make someone an owner.");
}
