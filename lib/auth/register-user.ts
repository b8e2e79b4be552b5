import { eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "@/db";
import { users } from "@/db/schema";
import { record } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { conflict, fromZod } from "@/lib/errors";
import { hashPassword } from "./password";

export const registerUserSchema = z.object({
  name: z.string().trim().min(1, "enter your name").max(100, "at most 100 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("enter a valid email address")),
  password: z.string().min(8, "use at least 8 characters").max(200, "at most 200 characters"),
});

export type RegisterUserInput = z.input<typeof registerUserSchema>;

/**
 * Create an email + password account (argon2id hash). A taken email is a 409 `email_taken`.
 * Writes an audit row in the same transaction.
 */
export async function registerUser(input: RegisterUserInput) {
  const parsed = registerUserSchema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  const { name, email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const taken = () => conflict("An account with this email already exists. Sign in instead.", "email_taken");
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing) throw taken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ name, email, passwordHash, createdAt: now() })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!row) throw taken(); // lost a race with a concurrent sign-up
    await record(tx, { actor: { type: "user", id: row.id }, orgId: null, action: "user.registered", target: row.id, after: { email: row.email } });
    return row;
  });
}
