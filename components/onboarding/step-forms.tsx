"use client";

import { useActionState } from "react";
import { billingDetailsAction, confirmSubscriptionAction, startAction, type StepState } from "@/app/onboarding/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input, Select } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";

function FormError({ state, fields }: { state: StepState; fields: string[] }) {
  if (!state || state.ok) return null;
  if (state.error.fields?.some((f) => fields.includes(f.field))) return null;
  return <Alert tone="error">{state.error.message}</Alert>;
}

export function StartForm({ orgId }: { orgId: string }) {
  const [state, action] = useActionState<StepState, FormData>(startAction, null);
  const err = fieldError(state, "name");
  return (
    <form action={action} className="space-y-4">
      <FormError state={state} fields={["name"]} />
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="org-name" label="Organisation name" error={err} hint="Usually your company or product name.">
        <Input id="org-name" name="name" required maxLength={100} autoFocus autoComplete="organization" aria-invalid={Boolean(err)} aria-describedby={err ? "org-name-error" : "org-name-hint"} />
      </Field>
      <div className="flex justify-end">
        <SubmitButton pendingText="Creating…">Continue</SubmitButton>
      </div>
    </form>
  );
}

export function CustomerForm({
  orgId,
  countries,
  defaults,
}: {
  orgId: string;
  countries: { code: string; name: string }[];
  defaults: { companyName: string; billingEmail: string; country: string };
}) {
  const [state, action] = useActionState<StepState, FormData>(billingDetailsAction, null);
  const errs = { companyName: fieldError(state, "companyName"), billingEmail: fieldError(state, "billingEmail"), country: fieldError(state, "country") };
  return (
    <form action={action} className="space-y-4">
      <FormError state={state} fields={Object.keys(errs)} />
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="company-name" label="Company name" error={errs.companyName}>
        <Input id="company-name" name="companyName" required maxLength={200} defaultValue={defaults.companyName} autoComplete="organization" aria-invalid={Boolean(errs.companyName)} />
      </Field>
      <Field id="billing-email" label="Billing email" error={errs.billingEmail} hint="Invoices and payment alerts go here.">
        <Input id="billing-email" name="billingEmail" type="email" required defaultValue={defaults.billingEmail} autoComplete="email" aria-invalid={Boolean(errs.billingEmail)} aria-describedby={errs.billingEmail ? "billing-email-error" : "billing-email-hint"} />
      </Field>
      <Field id="country" label="Country" error={errs.country}>
        <Select id="country" name="country" required defaultValue={defaults.country} autoComplete="country" aria-invalid={Boolean(errs.country)}>
          <option value="" disabled>
            Choose a country
          </option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Continue</SubmitButton>
      </div>
    </form>
  );
}

/** Step 5's confirm button (creates the subscription). */
export function ConfirmSubscriptionForm({ orgId, label }: { orgId: string; label: string }) {
  const [state, action] = useActionState<StepState, FormData>(confirmSubscriptionAction, null);
  return (
    <form action={action} className="space-y-3">
      <FormError state={state} fields={[]} />
      <input type="hidden" name="orgId" value={orgId} />
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <a href="/onboarding/plan" className="inline-flex h-10 items-center justify-center rounded-md px-4 text-sm font-medium text-slate-700 hover:bg-slate-100">
          Back to plans
        </a>
        <SubmitButton pendingText="Subscribing…">{label}</SubmitButton>
      </div>
    </form>
  );
}
