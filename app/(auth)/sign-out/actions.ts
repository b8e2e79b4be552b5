"use server";

import { cookies } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";

/** Clear the session and the active-organisation cookie, then go to the sign-in page. */
export async function signOutAction() {
  (await cookies()).delete(ACTIVE_ORG_COOKIE);
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}
