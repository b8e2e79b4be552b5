"use client";

import { useState } from "react";
import { createWebhookEndpointAction, type CreateEndpointState } from "@/app/(app)/settings/webhooks/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { CopyButton } from "@/components/ui/copy-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

export function WebhookSecretNotice({ title, secret }: { title: string; secret: string }) {
  return (
    <Alert tone="warning" title={title}>
      <p>This is the only time the signing secret is shown. Verify each delivery with it (Standard Webhooks); if you lose it, rotate it.</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <Input readOnly value={secret} aria-label="Signing secret" data-testid="webhook-secret" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={secret} label="Copy secret" />
      </div>
    </Alert>
  );
}

export function WebhookEndpointForm({ orgId, eventTypes }: { orgId: string; eventTypes: string[] }) {
  const [state, action, values] = useFormAction<CreateEndpointState>(createWebhookEndpointAction, null);
  const [all, setAll] = useState(true);
  const keep = state !== null && !state.ok;
  const urlErr = fieldError(state, "url");
  const typesErr = fieldError(state, "eventTypes");
  return (
    <div className="space-y-4">
      {state?.ok ? <WebhookSecretNotice title={`Endpoint added: copy its signing secret now`} secret={state.data.secret} /> : null}
      {state && !state.ok && !urlErr && !typesErr ? <Alert tone="error">{state.error.message}</Alert> : null}
      <form action={action} className="space-y-3">
        <input type="hidden" name="orgId" value={orgId} />
        <Field id="webhook-url" label="Endpoint URL" error={urlErr} hint={urlErr ? undefined : "An https URL of your backend that accepts POST requests."}>
          <Input id="webhook-url" name="url" type="url" required maxLength={2000} defaultValue={keep ? values.url : undefined} placeholder="https://example.com/webhooks/billing" aria-invalid={Boolean(urlErr)} />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-900">Events</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="eventTypes" value="*" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
            All events (including ones added later)
          </label>
          {!all ? (
            <div className="grid gap-1 sm:grid-cols-2" data-testid="webhook-event-types">
              {eventTypes.map((t) => (
                <label key={t} className="flex items-center gap-2 font-mono text-xs">
                  <input type="checkbox" name="eventTypes" value={t} />
                  {t}
                </label>
              ))}
            </div>
          ) : null}
          {typesErr ? (
            <p role="alert" className="text-xs text-red-600">
              {typesErr}
            </p>
          ) : null}
        </fieldset>
        <SubmitButton pendingText="Adding…">Add endpoint</SubmitButton>
      </form>
    </div>
  );
}
