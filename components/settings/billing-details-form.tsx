"use client";

import { updateBillingDetailsAction, type BillingDetailsState } from "@/app/(app)/settings/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

/** Company name, billing email and country: what invoices show (owners and admins). */
export function BillingDetailsForm({
  orgId,
  details,
  countries,
}: {
  orgId: string;
  details: { companyName: string; billingEmail: string; country: string };
  countries: { code: string; name: string }[];
}) {
  const [state, action, values] = useFormAction<BillingDetailsState>(updateBillingDetailsAction, null);
  const shown = state && !state.ok ? { companyName: values.companyName ?? "", billingEmail: values.billingEmail ?? "", country: values.country ?? "" } : state?.ok ? state.data : details;
  const err = { companyName: fieldError(state, "companyName"), billingEmail: fieldError(state, "billingEmail"), country: fieldError(state, "country") };
  return (
    <form action={action} className="space-y-4" data-testid="billing-details-form">
      {state?.ok ? <Alert tone="success">Saved. Your next invoices show these details.</Alert> : null}
      {state && !state.ok && !err.companyName && !err.billingEmail && !err.country ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="bd-company" label="Company name" error={err.companyName}>
        <Input id="bd-company" name="companyName" defaultValue={shown.companyName} required maxLength={200} aria-invalid={Boolean(err.companyName)} />
      </Field>
      <Field id="bd-email" label="Billing email" error={err.billingEmail} hint="Invoices and receipts are sent here.">
        <Input id="bd-email" name="billingEmail" type="email" defaultValue={shown.billingEmail} required aria-invalid={Boolean(err.billingEmail)} />
      </Field>
      <Field id="bd-country" label="Country" error={err.country}>
        <select id="bd-country" name="country" defaultValue={shown.country} required className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
          <option value="">Choose…</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Save billing details</SubmitButton>
      </div>
    </form>
  );
}
