import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { signIns, users } from "@/db/schema";

/**
 * The account's sessions (issue 14: "a list of the account's active sessions"): every sign-in through
 * Auth.js is recorded with its time (the session's authAt), address and browser; the list marks the
 * asking session, the active ones and those ended by "sign out everywhere"; only the newest 20 are kept.
 */
vi.mock("next/headers", async () => {
  const base = (await import("@/tests/request-mocks")).headersModule("198.51.100.7");
  return { ...base, headers: async () => new Headers({ host: "localhost:3000", "x-forwarded-for": "198.51.100.7", "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36" }) };
});

const { GET, POST } = await import("@/app/api/auth/[...nextauth]/route");
const { registerUser } = await import("@/lib/auth/register-user");
const { describeUserAgent, listSignIns, recordSignIn, KEEP } = await import("@/lib/auth/sign-ins");
const { revokeAllSessions } = await import("@/lib/auth/revoke-sessions");

const unique = () => `sessions_${Math.random().toString(36).slice(2, 10)}@example.com`;

async function signInThroughAuthJs(email: string, password: string) {
  const c = await GET(new NextRequest("http://localhost:3000/api/auth/csrf"));
  const { csrfToken } = (await c.json()) as { csrfToken: string };
  const cookie = c.headers.getSetCookie().map((x) => x.split(";")[0]).join("; ");
  const res = await POST(
    new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "http://localhost:3000/billing" }).toString(),
    }),
  );
  return res.headers.getSetCookie().some((s) => /session-token=[^;]/.test(s));
}

describe("the account's sessions", () => {
  it("a sign-in through Auth.js is recorded with its time, address and browser; a failed one is not", async () => {
    const email = unique();
    const u = await registerUser({ name: "Many Devices", email, password: "the right one 42" });
    expect(await signInThroughAuthJs(email, "wrong password")).toBe(false);
    expect(await db.select().from(signIns).where(eq(signIns.userId, u.id))).toEqual([]);
    const before = Date.now();
    expect(await signInThroughAuthJs(email, "the right one 42")).toBe(true);
    const rows = await db.select().from(signIns).where(eq(signIns.userId, u.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.authAt).toBeGreaterThanOrEqual(before);
    expect(rows[0]!.userAgent).toContain("Chrome/140");
    expect(describeUserAgent(rows[0]!.userAgent)).toBe("Chrome on Linux");
  });

  it("lists newest first: the asking session, active ones, and those ended by signing out everywhere; keeps the newest 20", async () => {
    const u = await registerUser({ name: "Listed", email: unique(), password: "the right one 42" });
    const t0 = Date.now() - 60_000;
    await recordSignIn({ userId: u.id, authAt: t0, ip: "203.0.113.1", userAgent: "curl/8.0" });
    const revokedAt = await revokeAllSessions(u.id, { type: "user", id: u.id });
    const t1 = revokedAt.getTime() + 10;
    const t2 = revokedAt.getTime() + 20;
    await recordSignIn({ userId: u.id, authAt: t1, ip: "203.0.113.2", userAgent: null });
    await recordSignIn({ userId: u.id, authAt: t2, ip: "203.0.113.3", userAgent: null });
    const [row] = await db.select({ revokedAt: users.sessionsRevokedAt }).from(users).where(eq(users.id, u.id));
    const list = await listSignIns(u.id, { revokedAt: row!.revokedAt, currentAuthAt: t2 });
    expect(list.map((s) => ({ ip: s.ip, active: s.active, current: s.current }))).toEqual([
      { ip: "203.0.113.3", active: true, current: true },
      { ip: "203.0.113.2", active: true, current: false },
      { ip: "203.0.113.1", active: false, current: false },
    ]);
    for (let i = 0; i < KEEP + 5; i++) await recordSignIn({ userId: u.id, authAt: t2 + 100 + i, ip: null, userAgent: null });
    const kept = await db.select().from(signIns).where(eq(signIns.userId, u.id));
    expect(kept).toHaveLength(KEEP);
    expect(Math.min(...kept.map((k) => k.authAt))).toBe(t2 + 105);
  });
});
