import "server-only";
import { count, eq } from "drizzle-orm";
import { db } from "@/db";
import { users, organizations } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/write-audit";
import { createApiKey } from "@/lib/auth/create-api-key";
import { hashPassword } from "@/lib/auth/password";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { randomBase62 } from "@/lib/ids";
import { createOrganization } from "@/lib/orgs/create-organization";

export const DEMO_ADMIN_EMAIL = "admin@example.com";
export const DEMO_USER_EMAIL = "demo@example.com";
export const DEMO_ORG_ID = "org_demo";

export type SeedResult = { adminEmail: string; adminPassword: string; userEmail: string; userPassword: string; orgId: string; apiKey: string };

/** Extra demo data (plans, usage, history) registered by later modules; each runs after the base seed. */
type SeedStep = (ctx: SeedResult) => Promise<void>;
const steps: SeedStep[] = [];
export function registerSeedStep(step: SeedStep) {
  steps.push(step);
}

/** Seed the platform admin, the demo customer, the demo organisation and its API key. */
export async function seed(): Promise<SeedResult> {
  const adminPassword = env.SEED_ADMIN_PASSWORD ?? randomBase62(16);
  const userPassword = env.SEED_USER_PASSWORD ?? randomBase62(16);
  const [admin] = await db
    .insert(users)
    .values({ email: DEMO_ADMIN_EMAIL, name: "Platform Admin", passwordHash: await hashPassword(adminPassword), emailVerified: now() })
    // The seed sets the password, so whoever signed up with this address before no longer has the account.
    .onConflictDoUpdate({ target: users.email, set: { passwordHash: await hashPassword(adminPassword), emailVerified: now() } })
    .returning({ id: users.id });
  const [demo] = await db
    .insert(users)
    .values({ email: DEMO_USER_EMAIL, name: "Demo Customer", passwordHash: await hashPassword(userPassword), emailVerified: now() })
    .onConflictDoUpdate({ target: users.email, set: { passwordHash: await hashPassword(userPassword), emailVerified: now() } })
    .returning({ id: users.id });
  if (!admin || !demo) throw new Error("seeding users failed");
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, DEMO_ORG_ID));
  if (!existing) await createOrganization({ id: DEMO_ORG_ID, name: "Demo Org", ownerId: demo.id, actor: SYSTEM_ACTOR });
  const { key } = await createApiKey({ orgId: DEMO_ORG_ID, name: "Demo key (seed)", actor: SYSTEM_ACTOR, key: env.SEED_API_KEY, createdBy: demo.id }).catch(
    async (err) => {
      // SEED_API_KEY already stored from an earlier seed: it still works, keep it.
      if (env.SEED_API_KEY) return { key: env.SEED_API_KEY };
      throw err;
    },
  );
  const result: SeedResult = { adminEmail: DEMO_ADMIN_EMAIL, adminPassword, userEmail: DEMO_USER_EMAIL, userPassword, orgId: DEMO_ORG_ID, apiKey: key };
  for (const step of steps) await step(result);
  // A few months of believable history for several organisations, so the admin overview has charts.
  const { seedDemoHistory } = await import("@/lib/analytics/seed-demo-history");
  await seedDemoHistory();
  return result;
}

/** The logins box: printed last at start-up, so the webhook and job chatter that follows seeding cannot bury it. */
export function printSeed(r: SeedResult) {
  process.stdout.write(loginsBox([
    " Demo data ready",
    `   Platform admin : ${r.adminEmail} / ${r.adminPassword}`,
    `   Demo customer  : ${r.userEmail} / ${r.userPassword}   (owner of "Demo Org")`,
    `   Demo API key   : ${r.apiKey}`,
    `   Try: curl -H "Authorization: Bearer <key>" ${env.APP_URL}/api/v1/me`,
  ]));
}

/** On a later start, or in production: where to sign in, without secrets (generated ones are printed once, in development). */
export function printSeedReminder() {
  process.stdout.write(loginsBox([
    ` Ready: ${env.APP_URL}`,
    `   Platform admin : ${DEMO_ADMIN_EMAIL}   Demo customer : ${DEMO_USER_EMAIL}`,
    "   Passwords: SEED_ADMIN_PASSWORD / SEED_USER_PASSWORD when set; otherwise generated and printed",
    "   once, when a development server first seeded this database (`npm run db:seed` seeds again).",
  ]));
}

function loginsBox(lines: string[]): string {
  const rule = "─".repeat(64);
  return ["", rule, ...lines, rule, "", ""].join("\n");
}

/** On an empty database (no users), seed; returns the logins (null when there was data already). */
export async function seedIfEmpty(): Promise<SeedResult | null> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(users);
  if (n > 0) return null;
  return seed();
}
