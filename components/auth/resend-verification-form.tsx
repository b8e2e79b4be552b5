"use client";

import { resendVerificationAction, type ResendState } from "@/app/(auth)/verify-email/actions";
import { Alert } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

/** Ask for a new verification link for the signed-in account (earlier links stop working). */
export function ResendVerificationForm() {
  const [state, action] = useFormAction<ResendState>(resendVerificationAction, null);
  return (
    <form action={action} className="space-y-2">
      {state?.ok ? <Alert tone="success">A new link is on its way to your address.</Alert> : null}
      {state && !state.ok ? <Alert tone="error">{state.error.code === "unauthenticated" ? "Sign in first, then ask for a new link." : state.error.message}</Alert> : null}
      <SubmitButton variant="secondary" className="w-full" pendingText="Sending…">
        Send me a new link
      </SubmitButton>
    </form>
  );
}
