"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { buyPackAction, thresholdAction, type ThresholdState } from "@/app/(app)/billing/actions";
import { fieldError } from "@/components/auth/field-errors";
import { toast } from "@/components/billing/toast";
import { Alert, Button, Field, Input } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";

const rid = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/**
 * Buy a credit pack: pay with a saved card (default first) at once, or with a new card at checkout —
 * kept for later payments only if "Save this card" is ticked.
 */
export function BuyPackButton({
  orgId,
  packKey,
  label,
  name,
  price,
  disabled,
  savedCards = [],
}: {
  orgId: string;
  packKey: string;
  label: string;
  name: string;
  price: string;
  disabled?: boolean;
  savedCards?: { id: string; label: string }[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string>(savedCards[0]?.id ?? "new");
  const [saveCard, setSaveCard] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (disabled) return <p className="text-xs text-slate-500">Owners and admins can buy credits.</p>;
  async function pay() {
    setBusy(true);
    setError(null);
    const r = await buyPackAction({ orgId, packKey, requestId: rid(), ...(choice === "new" ? { saveCard } : { paymentMethodId: choice }) });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    if (!r.data.paid) return window.location.assign(r.data.url);
    setOpen(false);
    toast(`${r.data.credits.toLocaleString("en-US")} credits added; your balance is ${r.data.balance.toLocaleString("en-US")} credits.`);
    router.refresh();
  }
  return (
    <>
      <Button variant="primary" size="sm" onClick={() => setOpen(true)} aria-label={label}>
        Buy
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Buy ${name}?`} description={`${price}, charged once. The credits never expire.`}>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <fieldset className="space-y-2 text-sm">
          <legend className="mb-1 font-medium text-slate-700">Pay with</legend>
          {savedCards.map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input type="radio" name={`pay-${packKey}`} value={c.id} checked={choice === c.id} onChange={() => setChoice(c.id)} />
              {c.label}
            </label>
          ))}
          <label className="flex items-center gap-2">
            <input type="radio" name={`pay-${packKey}`} value="new" checked={choice === "new"} onChange={() => setChoice("new")} />
            A new card (secure checkout)
          </label>
          {choice === "new" ? (
            <label className="ml-6 flex items-center gap-2 text-slate-600">
              <input type="checkbox" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} />
              Save this card for future payments
            </label>
          ) : null}
        </fieldset>
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button onClick={pay} disabled={busy}>
            {busy ? "Working…" : choice === "new" ? `Continue to pay ${price}` : `Pay ${price} now`}
          </Button>
        </div>
      </Dialog>
    </>
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
