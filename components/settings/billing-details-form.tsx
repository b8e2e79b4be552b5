"use client";

import { updateBillingDetailsAction, type BillingDetailsState } from "@/app/(app)/settings/actions";
import { fieldError } from "@/components/auth/field-errors";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";

type Details = {
  companyName: string;
  billingEmail: string;
  country: string;
  address: { line1: string; line2: string | null; city: string; postalCode: string; state: string | null } | null;
  taxId: { type: string; value: string } | null;
};

const FIELDS = ["companyName", "billingEmail", "country", "line1", "line2", "city", "postalCode", "state", "taxIdType", "taxIdValue"] as const;
type Flat = Record<(typeof FIELDS)[number], string>;

const flatten = (d: Details): Flat => ({
  companyName: d.companyName,
  billingEmail: d.billingEmail,
  country: d.country,
  line1: d.address?.line1 ?? "",
  line2: d.address?.line2 ?? "",
  city: d.address?.city ?? "",
  postalCode: d.address?.postalCode ?? "",
  state: d.address?.state ?? "",
  taxIdType: d.taxId?.type ?? "",
  taxIdValue: d.taxId?.value ?? "",
});

const selectClass = "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";

/** Company name, billing email, postal address, country and tax ID: what invoices show (owners and admins). */
export function BillingDetailsForm({
  orgId,
  details,
  countries,
  taxIdTypes,
}: {
  orgId: string;
  details: Details;
  countries: { code: string; name: string }[];
  taxIdTypes: readonly { type: string; label: string }[];
}) {
  const [state, action, values] = useFormAction<BillingDetailsState>(updateBillingDetailsAction, null);
  // After a refused save the form keeps what was typed; after a save it shows what was stored.
  const shown: Flat = state && !state.ok ? (Object.fromEntries(FIELDS.map((f) => [f, values[f] ?? ""])) as Flat) : flatten(state?.ok ? state.data : details);
  const err = Object.fromEntries(FIELDS.map((f) => [f, fieldError(state, f)])) as Record<(typeof FIELDS)[number], string | undefined>;
  const anyFieldError = FIELDS.some((f) => err[f]);
  // The form is re-mounted with the saved values (defaultValue is read once).
  const key = state?.ok ? JSON.stringify(state.data) : "initial";
  return (
    <form key={key} action={action} className="space-y-4" data-testid="billing-details-form">
      {state?.ok ? <Alert tone="success">Saved. Your next invoices show these details.</Alert> : null}
      {state && !state.ok && !anyFieldError ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="bd-company" label="Company name" error={err.companyName}>
        <Input id="bd-company" name="companyName" defaultValue={shown.companyName} required maxLength={200} aria-invalid={Boolean(err.companyName)} />
      </Field>
      <Field id="bd-email" label="Billing email" error={err.billingEmail} hint="Invoices and receipts are sent here.">
        <Input id="bd-email" name="billingEmail" type="email" defaultValue={shown.billingEmail} required aria-invalid={Boolean(err.billingEmail)} />
      </Field>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-700">Postal address (optional)</legend>
        <Field id="bd-line1" label="Street address" error={err.line1}>
          <Input id="bd-line1" name="line1" defaultValue={shown.line1} maxLength={200} autoComplete="address-line1" aria-invalid={Boolean(err.line1)} />
        </Field>
        <Field id="bd-line2" label="Address line 2" error={err.line2}>
          <Input id="bd-line2" name="line2" defaultValue={shown.line2} maxLength={200} autoComplete="address-line2" />
        </Field>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id="bd-city" label="City" error={err.city}>
            <Input id="bd-city" name="city" defaultValue={shown.city} maxLength={100} autoComplete="address-level2" aria-invalid={Boolean(err.city)} />
          </Field>
          <Field id="bd-postal" label="Postal code" error={err.postalCode}>
            <Input id="bd-postal" name="postalCode" defaultValue={shown.postalCode} maxLength={20} autoComplete="postal-code" aria-invalid={Boolean(err.postalCode)} />
          </Field>
          <Field id="bd-state" label="State / region" error={err.state}>
            <Input id="bd-state" name="state" defaultValue={shown.state} maxLength={100} autoComplete="address-level1" />
          </Field>
        </div>
      </fieldset>
      <Field id="bd-country" label="Country" error={err.country}>
        <select id="bd-country" name="country" defaultValue={shown.country} required className={selectClass}>
          <option value="">Choose…</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="bd-tax-type" label="Tax ID (optional)" error={err.taxIdType}>
          <select id="bd-tax-type" name="taxIdType" defaultValue={shown.taxIdType} className={selectClass}>
            <option value="">None</option>
            {taxIdTypes.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="bd-tax-value" label="Tax ID number" error={err.taxIdValue} hint="e.g. DE123456789 or GB123456789">
          <Input id="bd-tax-value" name="taxIdValue" defaultValue={shown.taxIdValue} maxLength={40} aria-invalid={Boolean(err.taxIdValue)} />
        </Field>
      </div>
      <div className="flex justify-end">
        <SubmitButton pendingText="Saving…">Save billing details</SubmitButton>
      </div>
    </form>
  );
}
