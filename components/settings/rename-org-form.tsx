"use client";

import { renameOrgAction, type RenameState } from "@/app/(app)/settings/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

export function RenameOrgForm({ orgId, name }: { orgId: string; name: string }) {
  const [state, action, values] = useFormAction<RenameState>(renameOrgAction, null);
  const err = fieldError(state, "name");
  return (
    <form action={action} className="space-y-4">
      {state?.ok ? <Alert tone="success">Saved. The organisation is now called “{state.data.name}”.</Alert> : null}
      {state && !state.ok && !err ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="org-name" label="Organisation name" error={err}>
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input id="org-name" name="name" defaultValue={state && !state.ok ? values.name : state?.ok ? state.data.name : name} required maxLength={100} aria-invalid={Boolean(err)} aria-describedby={err ? "org-name-error" : undefined} />
          <SubmitButton pendingText="Saving…" className="shrink-0">
            Save
          </SubmitButton>
        </div>
      </Field>
    </form>
  );
}
