import "server-only";
import { and, eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/db";
import { memberships, organizations, users, type OrgRole } from "@/db/schema";
import { AppError, forbidden, notFound, unauthorized } from "@/lib/errors";
import { env } from "@/lib/env";
import { roleAtLeast } from "@/lib/orgs/roles";
import type { Actor } from "@/lib/audit/write-audit";
import { hasUnstorableText } from "@/lib/http/respond";
import { auth } from "./auth";
import { sessionRevoked } from "./revoke-sessions";

export const ACTIVE_ORG_COOKIE = "billing_org";

export type SessionUser = { id: string; email: string; name: string | null; isAdmin: boolean };
export type OrgContext = { user: SessionUser; org: { id: string; name: string }; role: OrgRole; actor: Actor };

/**
 * Platform admin: granted in the database (`npm run admin:grant -- <email>`), or an address in
 * ADMIN_EMAILS that the account has proven it owns (emailVerified: the verification link, or the seed).
 * An unverified account never is: anyone can sign up with any address.
 */
export function isPlatformAdmin(user: { email: string; emailVerified: Date | null; platformAdminAt?: Date | null }): boolean {
  if (user.platformAdminAt) return true;
  return user.emailVerified !== null && env.ADMIN_EMAILS.includes(user.email.toLowerCase());
}

/**
 * The signed-in user, or null. The user row is re-read so a deleted account's cookie is worthless, and
 * so is a session signed in before the account signed out everywhere.
 * Memoised per request (React `cache`): the layouts and the page of one request all ask, and the
 * session is decoded and the row read once. Outside a React render it is an ordinary call.
 */
export const getSessionUser = cache(async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      emailVerified: users.emailVerified,
      platformAdminAt: users.platformAdminAt,
      sessionsRevokedAt: users.sessionsRevokedAt,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  // Signed out everywhere since this session signed in: the cookie is worthless.
  if (!row || sessionRevoked((session as { authAt?: unknown }).authAt, row.sessionsRevokedAt)) return null;
  return { id: row.id, email: row.email, name: row.name, isAdmin: isPlatformAdmin(row) };
});

/** 401 unless signed in. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw unauthorized("Sign in to continue.");
  return user;
}

/** 401 unless signed in; 403 unless a platform admin (isPlatformAdmin). */
export async function requireAdmin(): Promise<SessionUser & { actor: Actor }> {
  const user = await requireUser();
  if (!user.isAdmin) throw forbidden("Only platform admins can open the admin console.");
  return { ...user, actor: { type: "admin", id: user.id } };
}

/**
 * The caller's role in an organisation: the given orgId, else the active one (cookie), else their first.
 * Not a member → 404 (another organisation's ids are indistinguishable from missing ones);
 * a member below `min` → 403.
 */
export async function requireOrgRole(min: OrgRole, orgId?: string): Promise<OrgContext> {
  const user = await requireUser();
  const asked = orgId ?? (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  // An id no organisation can have (NUL, broken Unicode, overlong) matches nothing, without asking Postgres.
  const wanted = asked && asked.length <= 64 && !hasUnstorableText(asked) ? asked : undefined;
  const base = db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId));
  let [row] = wanted ? await base.where(and(eq(memberships.userId, user.id), eq(memberships.orgId, wanted))).limit(1) : [];
  if (!row && orgId) throw notFound("organisation");
  if (!row) [row] = await base.where(eq(memberships.userId, user.id)).orderBy(memberships.createdAt).limit(1);
  if (!row) throw new AppError("no_organization", "Create an organisation first.", 404);
  if (!roleAtLeast(row.role, min)) {
    throw forbidden(min === "member" ? "You are not a member of this organisation." : `Only an organisation ${min} or owner can do this.`);
  }
  return { user, org: { id: row.id, name: row.name }, role: row.role, actor: { type: user.isAdmin ? "admin" : "user", id: user.id } };
}
