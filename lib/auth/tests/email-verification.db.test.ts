import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { startSmtpSink } from "@/tests/smtp-sink";

/**
 * Email verification through a real SMTP server (tests/smtp-sink.ts): sign-up sends a single-use,
 * expiring link; following it verifies the address — and only then does an ADMIN_EMAILS address make
 * its account a platform admin (issue 14, finding 2).
 */
vi.mock("@/lib/auth/auth", async (orig) => (await import("@/tests/request-mocks")).authModule(await orig()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await sink.close();
});

const linkIn = (text: string) => /https?:\/\/\S+\/verify-email\?token=([A-Za-z0-9]{32})/.exec(text);

async function signUp(email: string, password = "long enough password") {
  const { signUpAction } = await import("@/app/(auth)/sign-up/actions");
  const form = new FormData();
  form.set("name", "New person");
  form.set("email", email);
  form.set("password", password);
  form.set("callbackUrl", "/billing");
  await signUpAction(null, form).catch((err: unknown) => {
    if (!(err && typeof err === "object" && "digest" in err)) throw err; // redirect() on success
  });
}

const verifyForm = (token: string) => {
  const form = new FormData();
  form.set("token", token);
  return form;
};
async function followLink(token: string): Promise<string> {
  const { verifyEmailAction } = await import("@/app/(auth)/verify-email/actions");
  try {
    await verifyEmailAction(verifyForm(token));
    return "no redirect";
  } catch (err) {
    return String((err as { digest?: string }).digest ?? err);
  }
}

describe("email verification", () => {
  it("sign-up emails a link over SMTP; following it once verifies the address; a second use is refused", async () => {
    const email = `verify_${Math.random().toString(36).slice(2, 10)}@example.com`;
    await signUp(email);
    const mails = sink.to(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Confirm your email address");
    const token = linkIn(mails[0]!.text)?.[1];
    expect(token).toBeDefined();
    const [before] = await db.select().from(users).where(eq(users.email, email));
    expect(before!.emailVerified).toBeNull();
    expect(await followLink(token!)).toContain("/verify-email?verified=1");
    const [after] = await db.select().from(users).where(eq(users.email, email));
    expect(after!.emailVerified).not.toBeNull();
    expect(await followLink(token!)).toContain("error=invalid_token");
    expect(await followLink("x".repeat(32))).toContain("error=invalid_token");
    const audits = await db.select().from(auditLog).where(eq(auditLog.target, after!.id));
    expect(audits.map((a) => a.action)).toContain("user.email_verified");
  });

  it("an expired link verifies nothing; a new link replaces the old one", async () => {
    const { sendVerificationEmail, verifyEmail, VERIFY_TTL_MS } = await import("@/lib/auth/email-verification");
    const { registerUser } = await import("@/lib/auth/register-user");
    const { setClockOffset, clockOffsetMs } = await import("@/lib/clock");
    const user = await registerUser({ name: "Late", email: `late_${Math.random().toString(36).slice(2, 10)}@example.com`, password: "long enough password" });
    const first = await sendVerificationEmail(user);
    const second = await sendVerificationEmail(user);
    await expect(verifyEmail(first.token)).rejects.toMatchObject({ code: "invalid_token" });
    const offset = clockOffsetMs();
    setClockOffset(offset + VERIFY_TTL_MS + 60_000);
    try {
      await expect(verifyEmail(second.token)).rejects.toMatchObject({ code: "invalid_token" });
    } finally {
      setClockOffset(offset);
    }
    expect(sink.to(user.email)).toHaveLength(2);
  });

  it("signing up as an ADMIN_EMAILS address gives admin rights only after the emailed link is followed", async () => {
    const { isPlatformAdmin } = await import("@/lib/auth/guards");
    await db.delete(users).where(eq(users.email, "admin@example.com"));
    await signUp("admin@example.com");
    const row = async () => (await db.select().from(users).where(eq(users.email, "admin@example.com")))[0]!;
    expect(isPlatformAdmin(await row())).toBe(false);
    const token = linkIn(sink.to("admin@example.com").at(-1)!.text)![1]!;
    await followLink(token);
    expect(isPlatformAdmin(await row())).toBe(true);
  });
});
