"use client";

import { useActionState } from "react";
import { acceptInviteAction, type AcceptState } from "@/app/invite/[token]/actions";
import { Alert } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";

export function AcceptInviteForm({ token, orgName }: { token: string; orgName: string }) {
  const [state, action] = useActionState<AcceptState, FormData>(acceptInviteAction, null);
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="token" value={token} />
      <SubmitButton className="w-full" pendingText="Joining…">
        Join {orgName}
      </SubmitButton>
    </form>
  );
}
