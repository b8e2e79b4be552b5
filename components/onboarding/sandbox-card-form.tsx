"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveCardAction, skipPaymentAction } from "@/app/onboarding/actions";
import { fieldError } from "@/components/auth/field-errors";
import { useSandboxCardAction } from "@/components/billing/sandbox-card-action";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";

const TEST_CARDS = [
  ["4242 4242 4242 4242", "succeeds"],
  ["4000 0000 0000 0002", "is declined"],
  ["4000 0000 0000 9995", "is declined: insufficient funds"],
  ["4000 0000 0000 0341", "saves, then fails when charged"],
] as const;

/** The sandbox's card form: takes Stripe's test numbers; a decline keeps the user here with the reason. */
export function SandboxCardForm({ orgId, attemptId }: { orgId: string; attemptId: string }) {
  const router = useRouter();
  const [cardName, setCardName] = useState("");
  const [state, action] = useSandboxCardAction(attemptId, async (paymentMethodId) => {
    const r = await saveCardAction({ orgId, paymentMethodId });
    if (r.ok) router.push(r.data.next);
    return r;
  });
  const errs = { number: fieldError(state, "number"), expiry: fieldError(state, "expiry"), cvc: fieldError(state, "cvc") };
  const declined = state && !state.ok && !state.error.fields ? state.error : null;
  return (
    <div className="space-y-5">
      {declined ? (
        <Alert tone="error" title={declined.code === "card_declined" ? "Card declined" : "The card could not be saved"} data-testid="card-error">
          {declined.message} {declined.code === "card_declined" ? "Try another card." : null}
        </Alert>
      ) : null}
      <form action={action} className="space-y-4" autoComplete="off">
        <Field id="card-name" label="Name on card">
          {/* Controlled: a decline resets the card fields but keeps the cardholder's name. */}
          <Input id="card-name" name="name" maxLength={200} autoComplete="cc-name" value={cardName} onChange={(e) => setCardName(e.target.value)} />
        </Field>
        <Field id="card-number" label="Card number" error={errs.number}>
          <Input id="card-number" name="number" inputMode="numeric" required placeholder="4242 4242 4242 4242" autoComplete="cc-number" aria-invalid={Boolean(errs.number)} />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field id="card-expiry" label="Expiry (MM/YY)" error={errs.expiry}>
            <Input id="card-expiry" name="expiry" required placeholder="12/34" autoComplete="cc-exp" aria-invalid={Boolean(errs.expiry)} />
          </Field>
          <Field id="card-cvc" label="Security code (CVC)" error={errs.cvc}>
            <Input id="card-cvc" name="cvc" inputMode="numeric" required placeholder="123" maxLength={4} autoComplete="cc-csc" aria-invalid={Boolean(errs.cvc)} />
          </Field>
        </div>
        <div className="flex justify-end">
          <SubmitButton pendingText="Saving card…">Save card</SubmitButton>
        </div>
      </form>
      <details className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-600">
        <summary className="cursor-pointer font-medium text-slate-700">Sandbox test cards</summary>
        <ul className="mt-2 space-y-1">
          {TEST_CARDS.map(([n, what]) => (
            <li key={n}>
              <code className="font-mono">{n}</code> {what}. Any future expiry and any CVC.
            </li>
          ))}
        </ul>
      </details>
      <form action={skipPaymentAction} className="border-t border-slate-100 pt-4 text-sm text-slate-600">
        <input type="hidden" name="orgId" value={orgId} />
        Just trying things out?{" "}
        <button type="submit" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600">
          Continue without a card on the Free plan
        </button>
      </form>
    </div>
  );
}
