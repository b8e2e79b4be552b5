import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { randomBase62 } from "@/lib/ids";

/**
 * Sessions are revocable (issue 14: "sign-out does not revoke sessions — JWTs valid 30 days"): after
 * "sign out everywhere", a session cookie from before is worthless, on any device; signing in again works.
 */
const session = vi.hoisted(() => ({ value: null as null | { user: { id: string }; authAt?: number } }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => session.value, signOut: async () => undefined }));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());

const { getSessionUser } = await import("@/lib/auth/guards");
const { signOutEverywhereAction } = await import("@/app/(auth)/sign-out/actions");

describe("sign out everywhere", () => {
  it("a session signed in before is refused afterwards; a new sign-in works; the revocation is audited", async () => {
    const [u] = await db.insert(users).values({ email: `everywhere_${randomBase62(8)}@example.com`, name: "Roamer" }).returning();
    const laptop = { user: { id: u!.id }, authAt: Date.now() - 60_000 }; // stolen cookie, signed in a minute ago
    const phone = { user: { id: u!.id }, authAt: Date.now() - 1_000 };
    session.value = laptop;
    expect(await getSessionUser()).toMatchObject({ id: u!.id });
    session.value = phone;
    await signOutEverywhereAction();
    for (const s of [laptop, phone, { user: { id: u!.id } } /* a cookie from before authAt existed */]) {
      session.value = s;
      expect(await getSessionUser()).toBeNull();
    }
    await new Promise((r) => setTimeout(r, 5));
    session.value = { user: { id: u!.id }, authAt: Date.now() };
    expect(await getSessionUser()).toMatchObject({ id: u!.id });
    const audits = await db.select().from(auditLog).where(eq(auditLog.target, u!.id));
    expect(audits.map((a) => a.action)).toContain("user.sessions_revoked");
  });

  it("an account that never signed out everywhere keeps sessions without a sign-in time (cookies from before this change)", async () => {
    const [u] = await db.insert(users).values({ email: `old_${randomBase62(8)}@example.com`, name: "Old" }).returning();
    session.value = { user: { id: u!.id } };
    expect(await getSessionUser()).toMatchObject({ id: u!.id });
  });
});
