"use client";

import { useActionState, useEffect } from "react";
import { buyPackAction, thresholdAction, type ThresholdState } from "@/app/(app)/billing/actions";
import { fieldError } from "@/components/auth/field-errors";
import { toast } from "@/components/billing/toast";
import { Alert, Field, Input } from "@/components/ui";
import { ConfirmButton } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";

const rid = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** Buy a credit pack: confirm the amount, then go to Checkout (payment mode). */
export function BuyPackButton({ orgId, packKey, label, name, price, disabled }: { orgId: string; packKey: string; label: string; name: string; price: string; disabled?: boolean }) {
  if (disabled) return <p className="text-xs text-slate-500">Owners and admins can buy credits.</p>;
  return (
    <ConfirmButton
      label="Buy"
      triggerLabel={label}
      variant="primary"
      title={`Buy ${name}?`}
      description={`You will be taken to a secure checkout to pay ${price}. The credits are added once the payment succeeds and never expire.`}
      confirmLabel={`Continue to pay ${price}`}
      onConfirm={async () => {
        const r = await buyPackAction({ orgId, packKey, requestId: rid() });
        if (!r.ok) return toast(r.error.message, "error");
        window.location.assign(r.data.url);
      }}
    />
  );
}

export function ThresholdForm({ orgId, value, disabled }: { orgId: string; value: number | null; disabled?: boolean }) {
  const [state, action] = useActionState<ThresholdState, FormData>(thresholdAction, null);
  const err = fieldError(state, "threshold");
  useEffect(() => {
    if (state?.ok) toast(state.data.low_balance_threshold === null ? "Low-balance alert turned off." : `We will alert you below ${state.data.low_balance_threshold.toLocaleString("en-US")} credits.`);
  }, [state]);
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
      {state && !state.ok && !err ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="orgId" value={orgId} />
      <Field id="threshold" label="Alert below (credits)" error={err} hint="Leave empty to turn the alert off.">
        <Input id="threshold" name="threshold" inputMode="numeric" defaultValue={value ?? ""} disabled={disabled} aria-invalid={Boolean(err)} aria-describedby={err ? "threshold-error" : "threshold-hint"} />
      </Field>
      <SubmitButton pendingText="Saving…" disabled={disabled} className="sm:mb-7">
        Save
      </SubmitButton>
    </form>
  );
}
