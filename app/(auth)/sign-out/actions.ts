"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { userAction } from "@/lib/auth/action-clients";
import { signOut } from "@/lib/auth/auth";
import { revokeAllSessions } from "@/lib/auth/revoke-sessions";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";

/** Clear the session and the active-organisation cookie, then go to the sign-in page. */
export async function signOutAction() {
  (await cookies()).delete(ACTIVE_ORG_COOKIE);
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}

/** Sign out on every device: every session of this account stops working, this one included. */
export async function signOutEverywhereAction() {
  await userAction(z.object({}), {}, (_d, user) => revokeAllSessions(user.id, { type: user.isAdmin ? "admin" : "user", id: user.id }));
  (await cookies()).delete(ACTIVE_ORG_COOKIE);
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}
