"use client";

import { changePasswordAction, requestEmailChangeAction, type ChangeEmailState, type ChangePasswordState } from "@/app/(app)/account/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

/** Current password + new password; on success every other session is signed out. */
export function ChangePasswordForm({ changed }: { changed: boolean }) {
  const [state, action] = useFormAction<ChangePasswordState>(changePasswordAction, null);
  const currentErr = fieldError(state, "currentPassword");
  const newErr = fieldError(state, "newPassword");
  return (
    <form action={action} className="max-w-md space-y-4">
      {changed && !state ? <Alert tone="success">Password changed. Every other session was signed out; this one stays signed in.</Alert> : null}
      {state && !state.ok && !currentErr && !newErr ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field id="current-password" label="Current password" error={currentErr}>
        <Input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(currentErr)} />
      </Field>
      <Field id="new-password" label="New password" hint="At least 8 characters." error={newErr}>
        <Input id="new-password" name="newPassword" type="password" autoComplete="new-password" required minLength={8} aria-invalid={Boolean(newErr)} aria-describedby={newErr ? "new-password-error" : "new-password-hint"} />
      </Field>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}

/** New address + current password; a link goes to the new address and nothing changes until it is used. */
export function ChangeEmailForm({ current }: { current: string }) {
  const [state, action, values] = useFormAction<ChangeEmailState>(requestEmailChangeAction, null);
  const emailErr = fieldError(state, "newEmail");
  const pwErr = fieldError(state, "currentPassword");
  return (
    <form action={action} className="max-w-md space-y-4">
      {state?.ok ? (
        <Alert tone="success" title="Check your new inbox">
          We sent a link to {state.data.email}. Your address stays {current} until you open it (within 24 hours).
        </Alert>
      ) : null}
      {state && !state.ok && !emailErr && !pwErr ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field id="new-email" label="New email address" error={emailErr}>
        <Input id="new-email" name="newEmail" type="email" autoComplete="email" required defaultValue={state && !state.ok ? values.newEmail : undefined} aria-invalid={Boolean(emailErr)} />
      </Field>
      <Field id="email-current-password" label="Current password" hint="To protect your account, confirm it is you." error={pwErr}>
        <Input id="email-current-password" name="currentPassword" type="password" autoComplete="current-password" required aria-invalid={Boolean(pwErr)} aria-describedby={pwErr ? "email-current-password-error" : "email-current-password-hint"} />
      </Field>
      <SubmitButton pendingText="Sending…">Send confirmation link</SubmitButton>
    </form>
  );
}
