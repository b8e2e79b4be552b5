"use client";

import { inviteMemberAction, type InviteState } from "@/app/(app)/settings/members/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input, Select } from "@/components/ui";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

export function InviteForm({ orgId }: { orgId: string }) {
  const [state, action, values] = useFormAction<InviteState>(inviteMemberAction, null);
  const keep = state !== null && !state.ok;
  const emailErr = fieldError(state, "email");
  return (
    <div className="space-y-4">
      {state?.ok ? (
        <Alert tone="success" title={`Invitation created for ${state.data.email}`}>
          <p>
            {state.data.emailed
              ? "We emailed them the link below. You can also share it yourself:"
              : "No email server is configured, so share this link with them yourself. It works once and expires in 7 days."}
          </p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <Input readOnly value={state.data.link} aria-label="Invite link" data-testid="invite-link" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={state.data.link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
      {state && !state.ok && !emailErr ? <Alert tone="error">{state.error.message}</Alert> : null}
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <input type="hidden" name="orgId" value={orgId} />
        <Field id="invite-email" label="Email address" error={emailErr}>
          <Input id="invite-email" name="email" type="email" required defaultValue={keep ? values.email : undefined} placeholder="teammate@company.com" aria-invalid={Boolean(emailErr)} aria-describedby={emailErr ? "invite-email-error" : undefined} />
        </Field>
        <Field id="invite-role" label="Role">
          <Select id="invite-role" name="role" defaultValue={keep ? values.role : "member"}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </Select>
        </Field>
        <SubmitButton pendingText="Inviting…" className={emailErr ? "sm:mb-7" : undefined}>
          Send invite
        </SubmitButton>
      </form>
    </div>
  );
}
