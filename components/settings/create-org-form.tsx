"use client";

import { createOrgAction, type CreateOrgState } from "@/app/orgs/new/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

export function CreateOrgForm() {
  const [state, action, values] = useFormAction<CreateOrgState>(createOrgAction, null);
  const err = fieldError(state, "name");
  return (
    <form action={action} className="space-y-4">
      {state && !state.ok && !err ? <Alert tone="error">{state.error.message}</Alert> : null}
      <Field id="org-name" label="Organisation name" error={err} hint={err ? undefined : "Usually your company or team. You can rename it later."}>
        <Input id="org-name" name="name" defaultValue={values.name} required maxLength={100} placeholder="Acme Inc." autoFocus aria-invalid={Boolean(err)} aria-describedby={err ? "org-name-error" : "org-name-hint"} />
      </Field>
      <SubmitButton className="w-full" pendingText="Creating…">
        Create organisation
      </SubmitButton>
    </form>
  );
}
