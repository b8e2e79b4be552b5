import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { authenticate } from "../authenticate";
import { registerUser } from "../register-user";

const unique = () => `u${Math.random().toString(36).slice(2, 10)}@example.com`;

describe("registerUser", () => {
  it("creates an account that can sign in, with an argon2id hash and an audit row", async () => {
    const email = unique();
    const user = await registerUser({ name: " Ada ", email: `  ${email.toUpperCase()} `, password: "correct horse" });
    expect(user.email).toBe(email);
    expect(user.name).toBe("Ada");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await authenticate(email, "correct horse")).toMatchObject({ id: user.id });
    expect(await authenticate(email, "wrong horse")).toBeNull();
    const audits = await db.select().from(auditLog).where(eq(auditLog.target, user.id));
    expect(audits.map((a) => a.action)).toEqual(["user.registered"]);
  });

  it("refuses a taken email (any case) with 409 email_taken", async () => {
    const email = unique();
    await registerUser({ name: "A", email, password: "password1" });
    const err = await registerUser({ name: "B", email: email.toUpperCase(), password: "password2" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 409, code: "email_taken" });
  });

  it("lets exactly one of two concurrent sign-ups with the same email win", async () => {
    const email = unique();
    const results = await Promise.allSettled([
      registerUser({ name: "A", email, password: "password1" }),
      registerUser({ name: "B", email, password: "password2" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ status: 409, code: "email_taken" });
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it.each([
    [{ name: "A", email: "not-an-email", password: "password1" }, "email"],
    [{ name: "A", email: "a@example.com", password: "short" }, "password"],
    [{ name: "", email: "a@example.com", password: "password1" }, "name"],
  ])("rejects bad input with a 400 naming the field (%o)", async (input, field) => {
    const err = await registerUser(input).catch((e) => e);
    expect(err).toMatchObject({ status: 400, code: "invalid_request" });
    expect((err as AppError).message).toContain(field);
  });
});
