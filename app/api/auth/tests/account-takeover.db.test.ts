import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/db";
import { users } from "@/db/schema";
import { registerUser } from "@/lib/auth/register-user";
import { FREE_FAILURES } from "@/lib/auth/password-attempts";
import { markPeerStamped, PEER_HEADER } from "@/lib/security/rate-limit";

// As under next start: the server stamps the socket peer (lib/security/peer-address.ts).
markPeerStamped();

/**
 * Issue 14, finding 1: `POST /api/auth/callback/credentials` had only the per-IP limit, and the IP was
 * the first X-Forwarded-For entry (the client's choice): rotating it gave 60 of 60 guesses, then a
 * successful sign-in. The probe, replayed (harder: every guess from another address, as a botnet would) through the real Auth.js handler with its CSRF token.
 */
const unique = () => `victim_${Math.random().toString(36).slice(2, 10)}@example.com`;

async function csrf(): Promise<{ token: string; cookie: string }> {
  const res = await GET(new NextRequest("http://localhost:3000/api/auth/csrf"));
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { token: csrfToken, cookie };
}

async function guess(email: string, password: string, ip: string, c: { token: string; cookie: string }) {
  const body = new URLSearchParams({ email, password, csrfToken: c.token, callbackUrl: "http://localhost:3000/billing" });
  const res = await POST(
    new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
      method: "POST",
      // Each guess from its own address: X-Forwarded-For and (as if from many machines) the socket peer.
      headers: { "x-forwarded-for": ip, [PEER_HEADER]: ip, "content-type": "application/x-www-form-urlencoded", cookie: c.cookie },
      body: body.toString(),
    }),
  );
  const location = res.headers.get("location") ?? "";
  const session = res.headers.getSetCookie().some((s) => /session-token=[^;]/.test(s));
  return { status: res.status, location, signedIn: session && !location.includes("error="), retryAfter: Number(res.headers.get("retry-after")) };
}

describe("password guessing on the Auth.js credentials callback (finding 1)", () => {
  it("rotating X-Forwarded-For does not buy unlimited guesses: the account slows down, then the right password is refused while it waits", async () => {
    const email = unique();
    await registerUser({ name: "Victim", email, password: "the right one 42" });
    const c = await csrf();
    const outcomes: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await guess(email, `wrong-${i}`, `198.51.100.${i}`, c);
      expect(r.signedIn).toBe(false);
      outcomes.push(r.status);
    }
    // The free allowance are real checks (Auth.js redirects with error=CredentialsSignin); after it, 429s.
    const limited = outcomes.filter((s) => s === 429).length;
    expect(limited).toBeGreaterThanOrEqual(60 - FREE_FAILURES - 1);
    const right = await guess(email, "the right one 42", "198.51.100.200", c);
    expect(right.signedIn).toBe(false);
    expect(right.status).toBe(429);
  });

  it("a slowed-down account answers 429 with Retry-After and the error shape", async () => {
    const email = unique();
    await registerUser({ name: "Victim", email, password: "the right one 42" });
    const c = await csrf();
    for (let i = 0; i < FREE_FAILURES; i++) await guess(email, `wrong-${i}`, `192.0.2.${i}`, c);
    const res = await guess(email, "wrong-again", "192.0.2.99", c);
    expect(res.status).toBe(429);
    expect(res.retryAfter).toBeGreaterThan(0);
  });

  it("the owner is slowed, not locked out: once the wait is over the right password signs in", async () => {
    const email = unique();
    await registerUser({ name: "Owner", email, password: "the right one 42" });
    const c = await csrf();
    for (let i = 0; i < FREE_FAILURES; i++) await guess(email, `wrong-${i}`, `192.0.2.${i}`, c);
    // FREE_FAILURES-th failure: a 2 s wait (lib/auth/password-attempts.ts delayAfter)
    await new Promise((r) => setTimeout(r, 2_100));
    const ok = await guess(email, "the right one 42", "192.0.2.50", c);
    expect(ok.signedIn).toBe(true);
  });
});

describe("platform admin by claiming an address (finding 2)", () => {
  it("an unverified account with an ADMIN_EMAILS address is no admin; verified, or granted, it is", async () => {
    const { isPlatformAdmin } = await import("@/lib/auth/guards");
    const { grantPlatformAdmin } = await import("@/lib/auth/grant-platform-admin");
    // The attack: sign up as the listed address on an install where nobody has it yet.
    await db.delete(users).where(eq(users.email, "admin@example.com"));
    const claimed = await registerUser({ name: "Stranger", email: "admin@example.com", password: "i am admin now" });
    const [row] = await db.select().from(users).where(eq(users.id, claimed.id));
    expect(isPlatformAdmin(row!)).toBe(false);
    expect(isPlatformAdmin({ ...row!, emailVerified: new Date() })).toBe(true);
    // Any address, granted from the shell (npm run admin:grant), is an admin and counts as verified.
    const other = await registerUser({ name: "Operator", email: unique(), password: "operator pass 1" });
    await grantPlatformAdmin(other.email.toUpperCase());
    const [granted] = await db.select().from(users).where(eq(users.id, other.id));
    expect(granted!.platformAdminAt).not.toBeNull();
    expect(granted!.emailVerified).not.toBeNull();
    expect(isPlatformAdmin(granted!)).toBe(true);
    await expect(grantPlatformAdmin("nobody-here@example.com")).rejects.toMatchObject({ status: 404 });
    await db.delete(users).where(eq(users.id, claimed.id));
  });
});
