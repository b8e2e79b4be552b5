"use client";

import { useActionState } from "react";
import { createCardPaymentMethodAction } from "@/app/sandbox/card/actions";
import type { ActionResult } from "@/lib/http/action";

/**
 * The sandbox's card forms, in two steps like Stripe.js: the card details go to the sandbox's card
 * form (which answers a PaymentMethod id or field errors / a refusal), then `save` hands only that id
 * to the app's own action (where a card the bank refuses to save is declined).
 */
export function useSandboxCardAction<T>(attemptId: string, save: (paymentMethodId: string, form: FormData) => Promise<ActionResult<T>>) {
  return useActionState<ActionResult<T> | null, FormData>(async (_prev, form) => {
    form.set("attemptId", attemptId);
    const card = await createCardPaymentMethodAction(form);
    if (!card.ok) return card;
    return save(card.data.paymentMethodId, form);
  }, null);
}
