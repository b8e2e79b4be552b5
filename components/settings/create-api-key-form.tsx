"use client";

import { createApiKeyAction, type CreateKeyState } from "@/app/(app)/settings/api-keys/actions";
import { fieldError } from "@/components/auth/field-errors";
import { SCOPE_PRESETS } from "@/lib/auth/api-key-scopes";
import { Alert, Field, Input } from "@/components/ui";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

export function CreateApiKeyForm({ orgId }: { orgId: string }) {
  const [state, action, values] = useFormAction<CreateKeyState>(createApiKeyAction, null);
  const keep = state !== null && !state.ok;
  const err = fieldError(state, "name");
  return (
    <div className="space-y-4">
      {state?.ok ? (
        <Alert tone="warning" title={`Copy your new key “${state.data.name}” now`}>
          <p>This is the only time it is shown. We store only a hash, so it cannot be recovered — if you lose it, revoke it and create another.</p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <Input readOnly value={state.data.key} aria-label="New API key" data-testid="new-api-key" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={state.data.key} label="Copy key" />
          </div>
        </Alert>
      ) : null}
      {state && !state.ok && !err ? <Alert tone="error">{state.error.message}</Alert> : null}
      <form action={action} className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <input type="hidden" name="orgId" value={orgId} />
        <Field id="key-name" label="Key name" error={err} hint={err ? undefined : "Where it will be used, e.g. “Production backend”."}>
          <Input id="key-name" name="name" defaultValue={keep ? values.name : undefined} required maxLength={100} placeholder="Production backend" aria-invalid={Boolean(err)} aria-describedby={err ? "key-name-error" : "key-name-hint"} />
        </Field>
        <Field id="key-preset" label="Access" hint="What the key may do.">
          <select
            id="key-preset"
            name="preset"
            defaultValue={keep ? values.preset : "full"}
            aria-describedby="key-preset-hint"
            className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {Object.entries(SCOPE_PRESETS).map(([value, p]) => (
              <option key={value} value={value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        <SubmitButton pendingText="Creating…" className="sm:mb-7">
          Create key
        </SubmitButton>
      </form>
    </div>
  );
}
