import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { startSmtpSink } from "@/tests/smtp-sink";

/**
 * Account settings (issue 14): change password (current password required, other sessions end, the
 * address is told) and change email (a link to the NEW address; nothing changes until it is used; the
 * old address is told; the verified flag follows the address it was proven for) — through a real
 * SMTP server (tests/smtp-sink.ts).
 */
vi.mock("@/lib/auth/auth", async (orig) => (await import("@/tests/request-mocks")).authModule(await orig()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());

let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink(3313);
  process.env.SMTP_URL = sink.url;
  resetEnvForTests();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await sink.close();
});

const rnd = () => Math.random().toString(36).slice(2, 10);
const PASSWORD = "long enough password";
const linkToken = (text: string) => /\/confirm-email\?token=([A-Za-z0-9]{32})/.exec(text)?.[1];
const row = async (id: string) => (await db.select().from(users).where(eq(users.id, id)))[0]!;
const actions = async (id: string) => (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, id))).map((a) => a.action);

async function account(email = `acct_${rnd()}@example.com`) {
  const { registerUser } = await import("@/lib/auth/register-user");
  const u = await registerUser({ name: "Account Holder", email, password: PASSWORD });
  return { ...u, actor: { type: "user" as const, id: u.id } };
}

describe("change password", () => {
  it("needs the current password and a valid new one; then the new one works, the old does not, earlier sessions end, it is audited and the address told", async () => {
    const { changePassword } = await import("@/lib/auth/change-password");
    const { authenticate } = await import("@/lib/auth/authenticate");
    const { sessionRevoked } = await import("@/lib/auth/revoke-sessions");
    const u = await account();
    await expect(changePassword({ userId: u.id, currentPassword: "not my password", newPassword: "a brand new password", actor: u.actor })).rejects.toMatchObject({ code: "wrong_password", status: 400 });
    await expect(changePassword({ userId: u.id, currentPassword: PASSWORD, newPassword: "short", actor: u.actor })).rejects.toMatchObject({ code: "invalid_password" });
    await expect(changePassword({ userId: u.id, currentPassword: PASSWORD, newPassword: PASSWORD, actor: u.actor })).rejects.toMatchObject({ code: "same_password" });
    expect((await row(u.id)).sessionsRevokedAt).toBeNull();

    const signedInBefore = Date.now() - 1;
    const { revokedAt } = await changePassword({ userId: u.id, currentPassword: PASSWORD, newPassword: "a brand new password", actor: u.actor });
    expect(await authenticate(u.email, PASSWORD)).toBeNull();
    expect(await authenticate(u.email, "a brand new password")).toMatchObject({ id: u.id });
    expect((await row(u.id)).sessionsRevokedAt?.getTime()).toBe(revokedAt.getTime());
    expect(sessionRevoked(signedInBefore, (await row(u.id)).sessionsRevokedAt)).toBe(true);
    expect(sessionRevoked(revokedAt.getTime() + 5, (await row(u.id)).sessionsRevokedAt)).toBe(false);
    expect(await actions(u.id)).toContain("user.password_changed");
    expect(sink.to(u.email).map((m) => m.subject)).toContain("Your password was changed");
  });
});

describe("change email", () => {
  it("emails a link to the new address; the address changes only when it is used (once), verified; the old address is told", async () => {
    const { requestEmailChange, confirmEmailChange, pendingEmailChange } = await import("@/lib/auth/change-email");
    const u = await account();
    const next = `moved_${rnd()}@example.com`;
    await expect(requestEmailChange({ userId: u.id, currentPassword: "wrong one", newEmail: next, actor: u.actor })).rejects.toMatchObject({ code: "wrong_password" });
    await expect(requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: "not an email", actor: u.actor })).rejects.toMatchObject({ code: "invalid_email" });
    await expect(requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: u.email.toUpperCase(), actor: u.actor })).rejects.toMatchObject({ code: "same_email" });

    await requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: next.toUpperCase(), actor: u.actor });
    expect((await row(u.id)).email).toBe(u.email); // nothing changes yet
    expect((await pendingEmailChange(u.id))?.email).toBe(next);
    const mail = sink.to(next).at(-1)!;
    expect(mail.subject).toBe("Confirm your new email address");
    expect(sink.to(u.email).some((m) => m.subject === "Confirm your new email address")).toBe(false);
    const token = linkToken(mail.text)!;
    expect(token).toBeDefined();

    expect(await confirmEmailChange(token)).toEqual({ userId: u.id, email: next, previous: u.email });
    const after = await row(u.id);
    expect(after.email).toBe(next);
    expect(after.emailVerified).not.toBeNull();
    expect(await pendingEmailChange(u.id)).toBeNull();
    expect(sink.to(u.email).at(-1)!.subject).toBe("Your email address was changed");
    await expect(confirmEmailChange(token)).rejects.toMatchObject({ code: "invalid_token" });
    expect(await actions(u.id)).toEqual(expect.arrayContaining(["user.email_change_requested", "user.email_changed"]));
  });

  it("a newer request replaces the earlier link; an expired link changes nothing", async () => {
    const { requestEmailChange, confirmEmailChange, EMAIL_CHANGE_TTL_MS } = await import("@/lib/auth/change-email");
    const { setClockOffset, clockOffsetMs } = await import("@/lib/clock");
    const u = await account();
    const first = await requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: `first_${rnd()}@example.com`, actor: u.actor });
    const second = await requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: `second_${rnd()}@example.com`, actor: u.actor });
    await expect(confirmEmailChange(first.token!)).rejects.toMatchObject({ code: "invalid_token" });
    const offset = clockOffsetMs();
    setClockOffset(offset + EMAIL_CHANGE_TTL_MS + 60_000);
    try {
      await expect(confirmEmailChange(second.token!)).rejects.toMatchObject({ code: "invalid_token" });
    } finally {
      setClockOffset(offset);
    }
    expect((await row(u.id)).email).toBe(u.email);
  });

  it("takeover attempt: a verified account asking to move onto an ADMIN_EMAILS address gets no admin rights — only that mailbox's link moves it", async () => {
    const { requestEmailChange, confirmEmailChange } = await import("@/lib/auth/change-email");
    const { verifyEmail, sendVerificationEmail } = await import("@/lib/auth/email-verification");
    const { isPlatformAdmin } = await import("@/lib/auth/guards");
    await db.delete(users).where(eq(users.email, "admin@example.com"));
    const attacker = await account();
    // The attacker proves their own address: the account is verified.
    await verifyEmail((await sendVerificationEmail(attacker)).token);
    expect(isPlatformAdmin(await row(attacker.id))).toBe(false);

    const asked = await requestEmailChange({ userId: attacker.id, currentPassword: PASSWORD, newEmail: "admin@example.com", actor: attacker.actor });
    // The account still has its own address, so its verified flag grants nothing.
    const mid = await row(attacker.id);
    expect(mid.email).toBe(attacker.email);
    expect(isPlatformAdmin(mid)).toBe(false);
    // The link went to admin@example.com's mailbox, not to the attacker's.
    expect(sink.to(attacker.email).some((m) => m.subject === "Confirm your new email address")).toBe(false);
    expect(linkToken(sink.to("admin@example.com").at(-1)!.text)).toBe(asked.token);
    // Guessing a link gets nowhere.
    await expect(confirmEmailChange("A".repeat(32))).rejects.toMatchObject({ code: "invalid_token" });
    expect(isPlatformAdmin(await row(attacker.id))).toBe(false);
    // Only whoever reads that mailbox can finish — and then the address is proven theirs.
    await confirmEmailChange(asked.token!);
    const moved = await row(attacker.id);
    expect(moved.email).toBe("admin@example.com");
    expect(moved.emailVerified!.getTime()).toBeGreaterThan(mid.emailVerified!.getTime() - 1);
    await db.delete(users).where(eq(users.id, attacker.id));
  });

  it("the old address's verification link no longer verifies anything once the address moved", async () => {
    const { requestEmailChange, confirmEmailChange } = await import("@/lib/auth/change-email");
    const { verifyEmail, sendVerificationEmail } = await import("@/lib/auth/email-verification");
    const u = await account();
    const oldLink = await sendVerificationEmail(u);
    const asked = await requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: `fresh_${rnd()}@example.com`, actor: u.actor });
    await confirmEmailChange(asked.token!);
    await expect(verifyEmail(oldLink.token)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("an address that already has an account is not revealed and not taken: no link, that address is told, nothing changes", async () => {
    const { requestEmailChange } = await import("@/lib/auth/change-email");
    const owner = await account();
    const other = await account();
    const before = sink.to(owner.email).length;
    const r = await requestEmailChange({ userId: other.id, currentPassword: PASSWORD, newEmail: owner.email, actor: other.actor });
    expect(r).toEqual({ email: owner.email, token: null });
    const told = sink.to(owner.email).slice(before);
    expect(told.map((m) => m.subject)).toEqual(["Someone tried to use your address"]);
    expect(told[0]!.text).not.toMatch(/confirm-email/);
    expect((await row(other.id)).email).toBe(other.email);
  });

  it("an address taken between the request and the link is refused at the link", async () => {
    const { requestEmailChange, confirmEmailChange } = await import("@/lib/auth/change-email");
    const u = await account();
    const wanted = `race_${rnd()}@example.com`;
    const asked = await requestEmailChange({ userId: u.id, currentPassword: PASSWORD, newEmail: wanted, actor: u.actor });
    await account(wanted);
    await expect(confirmEmailChange(asked.token!)).rejects.toMatchObject({ code: "email_taken", status: 409 });
    expect((await row(u.id)).email).toBe(u.email);
  });
});
