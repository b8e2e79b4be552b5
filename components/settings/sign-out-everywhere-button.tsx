"use client";

import { signOutEverywhereAction } from "@/app/(auth)/sign-out/actions";
import { ConfirmButton } from "@/components/ui/dialog";

/** "Sign out everywhere", confirmed first: every session ends, this one too. */
export function SignOutEverywhereButton() {
  return (
    <ConfirmButton
      label="Sign out everywhere"
      title="Sign out everywhere?"
      description="Every browser and device signed in to your account is signed out at its next request — this one too. You sign in again with your password."
      confirmLabel="Sign out everywhere"
      cancelLabel="Stay signed in"
      onConfirm={async () => {
        await signOutEverywhereAction();
      }}
    />
  );
}
