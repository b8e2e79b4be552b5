"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/auth/action-clients";
import { signIn } from "@/lib/auth/auth";
import { requestEmailChange } from "@/lib/auth/change-email";
import { changePassword } from "@/lib/auth/change-password";
import { formObject, type ActionResult } from "@/lib/http/action";

const actorOf = (user: { id: string; isAdmin: boolean }) => ({ type: user.isAdmin ? ("admin" as const) : ("user" as const), id: user.id });

const passwordSchema = z.object({
  currentPassword: z.string().min(1, "enter your current password").max(200),
  newPassword: z.string().min(1, "enter a new password").max(500),
});

export type ChangePasswordState = ActionResult<never> | null;

/**
 * Change the password (current one required). Every other session is signed out; this browser is
 * signed in again with the new password, so it stays signed in, and lands on /account?password=changed.
 */
export async function changePasswordAction(_prev: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  return userAction(passwordSchema, formObject(form), async (d, user) => {
    await changePassword({ userId: user.id, currentPassword: d.currentPassword, newPassword: d.newPassword, actor: actorOf(user) });
    await signIn("credentials", { email: user.email, password: d.newPassword, redirect: false });
    // The new session cookie is set: show the confirmation on a fresh render of the page.
    redirect("/account?password=changed");
  });
}

const emailSchema = z.object({
  currentPassword: z.string().min(1, "enter your current password").max(200),
  newEmail: z.string().trim().min(1, "enter the new address").max(254, "at most 254 characters"),
});

export type ChangeEmailState = ActionResult<{ email: string }> | null;

/** Ask to move the account to another address: a link is emailed there; nothing changes until it is used. */
export async function requestEmailChangeAction(_prev: ChangeEmailState, form: FormData): Promise<ChangeEmailState> {
  return userAction(emailSchema, formObject(form), async (d, user) => {
    const r = await requestEmailChange({ userId: user.id, currentPassword: d.currentPassword, newEmail: d.newEmail, actor: actorOf(user) });
    revalidatePath("/account");
    return { email: r.email };
  });
}
