import { NextRequest } from "next/server";
import { and, count, eq, ne, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { POST as webhookPOST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { auditLog, invitations, invoices, memberships, subscriptions, users } from "@/db/schema";
import { createApiKey } from "@/lib/auth/create-api-key";
import { registerUser } from "@/lib/auth/register-user";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { createPortalSession } from "@/lib/billing/create-portal-session";
import { ensureStripeCustomer } from "@/lib/billing/org-billing";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { syncCatalog } from "@/lib/billing/sync-catalog";
import { grantCredits } from "@/lib/credits/grant-credits";
import { reserveCredits } from "@/lib/credits/reserve-credits";
import { newId, randomBase62 } from "@/lib/ids";
import { hashApiKey } from "@/lib/auth/api-key-format";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { createOrganization } from "@/lib/orgs/create-organization";
import { inviteMember } from "@/lib/orgs/invite-member";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";

/**
 * The authorization matrix's world: org A (owner, admin, member, API key, a subscription with a card,
 * credits, holds, an invitation) and org B (the "other organisation": its owner and its own key),
 * plus a platform admin (ADMIN_EMAILS, default admin@example.com) who belongs to no organisation.
 */
export type Persona = "anon" | "other" | "member" | "admin" | "platform";
/** Refusals first, successes last: a mutating call that succeeds must not change what the next persona sees. */
export const PERSONAS: readonly Persona[] = ["anon", "other", "platform", "member", "admin"];

export type World = {
  tag: string;
  users: Record<Exclude<Persona, "anon">, string> & { owner: string };
  orgA: { id: string; name: string; key: string; keyId: string; subscriptionId: string; paymentMethodId: string; customerId: string; invoiceId: string };
  /** orgB.portalSessionId: a sandbox Customer Portal session of org B (its holder must not reach org A's objects). */
  orgB: { id: string; name: string; key: string; keyId: string; portalSessionId: string };
  /** A fresh hold in org A (commit/release are one-shot, so every call gets its own). */
  freshHold(): Promise<string>;
  /** A fresh API key of org A (revoke is one-shot). */
  freshKeyA(): Promise<string>;
  /** A fresh invitation token to org A for `email`. */
  inviteToken(email: string): Promise<string>;
  /** A fresh plain member of org A (remove and role changes are one-shot); their user id. */
  freshMemberA(): Promise<string>;
  /** A fresh pending invitation to org A (revoke is one-shot); its id. Inserted directly: no seat is checked. */
  freshInvitationA(): Promise<string>;
  /** Rows in org A's audit log (a refused call must not add any). */
  auditCountA(): Promise<number>;
  /** Undo what a successful call may have done to the personas (joining or creating organisations). */
  afterCall(): Promise<void>;
  /** Who auth() says is signed in and which organisation the billing_org cookie names. */
  sessionFor(p: Persona): { userId: string | null; activeOrg: string | null };
  /** The API key a persona sends (org A's for A's people, org B's for the other organisation, none otherwise). */
  keyFor(p: Persona): string | null;
};

const sys = { type: "system" as const, id: null };

async function settle(orgId: string) {
  for (let i = 0; i < 20; i++) {
    const n = await (await sandbox()).testing.flushWebhooks();
    await drainInlineJobs();
    if (n === 0) break;
  }
  invalidateOrgPlan(orgId);
}

export async function buildWorld(): Promise<World> {
  const tag = randomBase62(8).toLowerCase();
  const mk = async (name: string) => (await registerUser({ name, email: `authz_${name}_${tag}@example.com`, password: "password123" })).id;
  const owner = await mk("owner");
  const admin = await mk("admin");
  const member = await mk("member");
  const other = await mk("other");
  // The platform admin: the default ADMIN_EMAILS address (another file of a Postgres run may have made it).
  await db.insert(users).values({ email: "admin@example.com", name: "Platform admin", emailVerified: new Date() }).onConflictDoUpdate({ target: users.email, set: { emailVerified: new Date() } });
  const platform = (await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@example.com")))[0]!.id;
  await db.delete(memberships).where(eq(memberships.userId, platform));

  const nameA = `Alpha Authz ${tag}`;
  const nameB = `Beta Authz ${tag}`;
  const orgA = (await createOrganization({ name: nameA, ownerId: owner, actor: { type: "user", id: owner } })).id;
  const orgB = (await createOrganization({ name: nameB, ownerId: other, actor: { type: "user", id: other } })).id;
  await db.insert(memberships).values([
    { orgId: orgA, userId: admin, role: "admin" },
    { orgId: orgA, userId: member, role: "member" },
  ]);
  const keyA = await createApiKey({ orgId: orgA, name: "authz A", actor: sys });
  const keyB = await createApiKey({ orgId: orgB, name: "authz B", actor: sys });

  // A real (sandbox) subscription for org A, mirrored through the signed webhook route.
  (await sandbox()).testing.setWebhookTransport(async (d) => (await webhookPOST(new NextRequest(d.url, { method: "POST", headers: d.headers, body: d.payload }), { params: Promise.resolve({}) })).status);
  await syncCatalog();
  const stripe: Stripe = getStripe();
  const customerId = await ensureStripeCustomer(orgA, sys);
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2040, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: customerId });
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  const ids = await getCatalogIds();
  await stripe.subscriptions.create({ customer: customerId, items: [{ price: ids.priceId("pro", "month") }], metadata: { org_id: orgA, plan_key: "pro" } });
  await settle(orgA);
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgA));
  if (!sub) throw new Error("authz fixtures: org A's subscription was not mirrored");
  const [inv] = await db.select({ id: invoices.id }).from(invoices).where(eq(invoices.orgId, orgA));
  if (!inv) throw new Error("authz fixtures: org A's first invoice was not mirrored");

  await grantCredits({ orgId: orgA, source: "purchased", amount: 1_000_000, idempotencyKey: `authz-${tag}`, actor: sys });
  await grantCredits({ orgId: orgB, source: "purchased", amount: 1_000_000, idempotencyKey: `authz-${tag}`, actor: sys });

  const portal = await createPortalSession({ orgId: orgB, actor: sys });
  const portalSessionId = new URL(portal.url).pathname.split("/").pop()!;

  const u = { owner, admin, member, other, platform };
  return {
    tag,
    users: u,
    orgA: { id: orgA, name: nameA, key: keyA.key, keyId: keyA.id, subscriptionId: sub.id, paymentMethodId: pm.id, customerId, invoiceId: inv.id },
    orgB: { id: orgB, name: nameB, key: keyB.key, keyId: keyB.id, portalSessionId },
    freshHold: async () => (await reserveCredits({ orgId: orgA, amount: 10, idempotencyKey: `authz-hold-${randomBase62(12)}` })).id,
    freshKeyA: async () => (await createApiKey({ orgId: orgA, name: "authz fresh", actor: sys })).id,
    inviteToken: async (email) =>
      new URL((await inviteMember({ orgId: orgA, orgName: nameA, email, role: "member", invitedBy: owner, actor: sys })).link).pathname.split("/").pop()!,
    freshMemberA: async () => {
      const [m] = await db.insert(users).values({ email: `authz_team_${tag}_${randomBase62(8).toLowerCase()}@example.com`, name: "Team member" }).returning({ id: users.id });
      await db.insert(memberships).values({ orgId: orgA, userId: m!.id, role: "member" });
      return m!.id;
    },
    freshInvitationA: async () => {
      const id = newId("inv");
      await db.insert(invitations).values({
        id,
        orgId: orgA,
        email: `authz_inv_${tag}_${randomBase62(8).toLowerCase()}@example.com`,
        role: "member",
        tokenHash: hashApiKey(randomBase62(40)),
        invitedBy: owner,
        expiresAt: new Date(Date.now() + 7 * 86_400_000),
      });
      return id;
    },
    auditCountA: async () => (await db.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, orgA)))[0]!.n,
    afterCall: async () => {
      // Let the webhooks and inline jobs a successful call set off finish now, so they cannot land
      // during the next persona's call (and be mistaken for its effects) on a slow machine.
      await settle(orgA);
      // The platform admin belongs to no organisation; the other organisation's owner only to B
      // (onboarding/start and orgs/new create organisations for whoever calls them).
      await db.delete(memberships).where(eq(memberships.userId, platform));
      await db.delete(memberships).where(and(eq(memberships.userId, other), ne(memberships.orgId, orgB)));
      // Org A's admin and member stay who they are (leaving and role changes are one-shot).
      await db
        .insert(memberships)
        .values([
          { orgId: orgA, userId: admin, role: "admin" },
          { orgId: orgA, userId: member, role: "member" },
        ])
        .onConflictDoUpdate({ target: [memberships.orgId, memberships.userId], set: { role: sql`excluded.role` } });
    },
    sessionFor: (p) => {
      if (p === "anon") return { userId: null, activeOrg: null };
      // Everyone's cookie names org A: the other organisation's member and the platform admin must not get in through it.
      return { userId: u[p], activeOrg: orgA };
    },
    keyFor: (p) => (p === "member" || p === "admin" ? keyA.key : p === "other" ? keyB.key : null),
  };
}

export async function teardownWorld() {
  (await sandbox()).testing.setWebhookTransport(null);
}
