"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { addCardAction, removeCardAction, setDefaultCardAction } from "@/app/(app)/billing/actions";
import { fieldError } from "@/components/auth/field-errors";
import { useSandboxCardAction } from "@/components/billing/sandbox-card-action";
import { toast } from "@/components/billing/toast";
import { Alert, Button, Field, Input } from "@/components/ui";
import { ConfirmButton } from "@/components/ui/dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { formatMoney } from "@/lib/billing-ui/format";
import type { OverdueOutcome } from "@/lib/billing/pay-overdue-invoice";

/** What became of an overdue invoice when a new default card paid it (null: nothing was overdue). */
export function overdueText(o: OverdueOutcome | null): { ok: boolean; text: string } | null {
  if (!o) return null;
  const amount = formatMoney(o.amountCents, o.currency);
  return o.paid
    ? { ok: true, text: `The overdue invoice of ${amount} was paid with this card: your plan is restored.` }
    : { ok: false, text: `The card was saved, but paying the overdue invoice of ${amount} failed: ${o.message}` };
}

export function AddCardForm({ orgId, attemptId, makeDefaultChecked }: { orgId: string; attemptId: string; makeDefaultChecked: boolean }) {
  const [state, action] = useSandboxCardAction(attemptId, (paymentMethodId, f) => addCardAction({ orgId, paymentMethodId, makeDefault: f.get("makeDefault") === "on" }));
  const form = useRef<HTMLFormElement>(null);
  const errs = { number: fieldError(state, "number"), expiry: fieldError(state, "expiry"), cvc: fieldError(state, "cvc") };
  useEffect(() => {
    if (state?.ok) {
      toast(state.data.duplicate ? "This card is already saved: nothing new was stored." : "Card added.");
      form.current?.reset();
    }
  }, [state]);
  const declined = state && !state.ok && !state.error.fields ? state.error : null;
  const overdue = state?.ok ? overdueText(state.data.overdue) : null;
  return (
    <form ref={form} action={action} className="space-y-3" autoComplete="off">
      {overdue ? (
        <Alert tone={overdue.ok ? "success" : "error"} title={overdue.ok ? "Overdue invoice paid" : "Overdue invoice still unpaid"} data-testid="overdue-result">
          {overdue.text}
        </Alert>
      ) : null}
      {declined ? (
        <Alert tone="error" title={declined.code === "card_declined" ? "Card declined" : "The card could not be added"} data-testid="card-error">
          {declined.message}
        </Alert>
      ) : null}
      <Field id="new-card-number" label="Card number" error={errs.number}>
        <Input id="new-card-number" name="number" inputMode="numeric" required placeholder="4242 4242 4242 4242" aria-invalid={Boolean(errs.number)} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="new-card-expiry" label="Expiry (MM/YY)" error={errs.expiry}>
          <Input id="new-card-expiry" name="expiry" required placeholder="12/34" aria-invalid={Boolean(errs.expiry)} />
        </Field>
        <Field id="new-card-cvc" label="CVC" error={errs.cvc}>
          <Input id="new-card-cvc" name="cvc" inputMode="numeric" required placeholder="123" maxLength={4} aria-invalid={Boolean(errs.cvc)} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="makeDefault" defaultChecked={makeDefaultChecked} className="h-4 w-4 rounded border-slate-300" />
        Make this the default card
      </label>
      <SubmitButton pendingText="Adding…">Add card</SubmitButton>
    </form>
  );
}

export function CardActions({ orgId, id, label, isDefault, removable }: { orgId: string; id: string; label: string; isDefault: boolean; removable: boolean }) {
  const router = useRouter();
  return (
    <div className="flex gap-2">
      {isDefault ? null : (
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Make ${label} the default`}
          onClick={async () => {
            const r = await setDefaultCardAction({ orgId, paymentMethodId: id });
            if (!r.ok) return toast(r.error.message, "error");
            const overdue = overdueText(r.data.overdue);
            toast(overdue ? overdue.text : "Default card updated.", overdue && !overdue.ok ? "error" : undefined);
            router.refresh();
          }}
        >
          Make default
        </Button>
      )}
      {removable ? (
        <ConfirmButton
          label="Remove"
          triggerLabel={`Remove ${label}`}
          title={`Remove the ${label}?`}
          description="It will no longer be charged. Invoices use your default card."
          confirmLabel="Remove card"
          onConfirm={async () => {
            const r = await removeCardAction({ orgId, paymentMethodId: id });
            if (!r.ok) return toast(r.error.message, "error");
            toast(r.data.newDefault ? `Card removed. ${r.data.newDefault} is now your default card.` : "Card removed.");
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
