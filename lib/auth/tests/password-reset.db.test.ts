import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { startSmtpSink } from "@/tests/smtp-sink";

/** "Forgot password?" through a real SMTP server (tests/smtp-sink.ts): single-use, expiring, no enumeration. */
vi.mock("@/lib/auth/auth", async (orig) => (await import("@/tests/request-mocks")).authModule(await orig()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink(3332);
  process.env.SMTP_URL = sink.url;
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await sink.close();
});

const digestOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "no redirect";
  } catch (err) {
    return String((err as { digest?: string }).digest ?? err);
  }
};
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const tokenIn = (text: string) => /\/reset-password\?token=([A-Za-z0-9]{32})/.exec(text)?.[1];

describe("password reset", () => {
  it("emails a link; it sets the new password once, ends every session and verifies the address", async () => {
    const { registerUser } = await import("@/lib/auth/register-user");
    const { authenticate } = await import("@/lib/auth/authenticate");
    const { requestResetAction } = await import("@/app/(auth)/forgot-password/actions");
    const { resetPasswordAction } = await import("@/app/(auth)/reset-password/actions");
    const email = `reset_${Math.random().toString(36).slice(2, 10)}@example.com`;
    const user = await registerUser({ name: "Forgetful", email, password: "old password 1" });
    expect(await digestOf(requestResetAction(form({ email: email.toUpperCase() })))).toContain("/forgot-password?sent=1");
    const mail = sink.to(email).at(-1)!;
    expect(mail.subject).toBe("Reset your password");
    const token = tokenIn(mail.text)!;
    expect(token).toBeDefined();
    expect(await digestOf(resetPasswordAction(form({ token, password: "short" })))).toContain("error=invalid_password");
    expect(await digestOf(resetPasswordAction(form({ token, password: "brand new password" })))).toContain("/sign-in?reset=1");
    expect(await authenticate(email, "old password 1")).toBeNull();
    expect(await authenticate(email, "brand new password")).toMatchObject({ id: user.id });
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.sessionsRevokedAt).not.toBeNull();
    expect(row!.emailVerified).not.toBeNull();
    expect(await digestOf(resetPasswordAction(form({ token, password: "another password" })))).toContain("error=invalid_token");
  });

  it("an unknown address gets the same answer and no email; an expired link is refused", async () => {
    const { requestResetAction } = await import("@/app/(auth)/forgot-password/actions");
    const { requestPasswordReset, resetPassword, RESET_TTL_MS } = await import("@/lib/auth/password-reset");
    const { registerUser } = await import("@/lib/auth/register-user");
    const { clockOffsetMs, setClockOffset } = await import("@/lib/clock");
    const before = sink.messages.length;
    expect(await digestOf(requestResetAction(form({ email: "nobody-here@example.com" })))).toContain("/forgot-password?sent=1");
    expect(sink.messages.length).toBe(before);
    const user = await registerUser({ name: "Late", email: `late_${Math.random().toString(36).slice(2, 10)}@example.com`, password: "old password 1" });
    const { token } = await requestPasswordReset(user.email);
    const offset = clockOffsetMs();
    setClockOffset(offset + RESET_TTL_MS + 60_000);
    try {
      await expect(resetPassword(token!, "brand new password")).rejects.toMatchObject({ code: "invalid_token" });
    } finally {
      setClockOffset(offset);
    }
  });
});
