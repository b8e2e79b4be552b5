"use server";

import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/http/action";
import { getSandbox } from "@/lib/stripe/client";
import { formFields } from "../_components/card-input";

/**
 * The sandbox's card form, standing in for Stripe.js: the card details go to the sandbox, the app's
 * own actions receive only the PaymentMethod id (so app code never handles a card number). Like
 * Stripe.js with a publishable key it needs no session; declines for saving a card come later, when
 * the app attaches the PaymentMethod.
 */
const schema = z.object({
  attemptId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  name: z.string().trim().max(200).optional(),
  number: z.string().transform((s) => s.replace(/[\s-]/g, "")).pipe(z.string().regex(/^\d{12,19}$/, "enter the card number (12 to 19 digits)")),
  expiry: z
    .string()
    .trim()
    .regex(/^(0[1-9]|1[0-2])\s*\/\s*(\d{2}|\d{4})$/, "enter the expiry as MM/YY"),
  cvc: z.string().trim().regex(/^\d{3,4}$/, "enter the 3 or 4 digit security code"),
});

export async function createCardPaymentMethodAction(form: FormData): Promise<ActionResult<{ paymentMethodId: string }>> {
  return runAction(schema, formFields(form), async (d) => {
    const sandbox = await getSandbox();
    if (!sandbox) throw new AppError("not_found", "The sandbox card form is off: this app talks to Stripe.", 404);
    const [mm, yy] = d.expiry.split("/").map((x) => x.trim());
    const card = { number: d.number, expMonth: Number(mm), expYear: yy!.length === 2 ? 2000 + Number(yy) : Number(yy), cvc: d.cvc, name: d.name || undefined };
    // The same form submitted twice with the same card makes one PaymentMethod; another card, a new one.
    const fingerprint = createHash("sha256").update(`${card.number}|${card.expMonth}|${card.expYear}`).digest("hex");
    const r = await sandbox.views.cardForm.createPaymentMethod(card, { idempotencyKey: `card-form:${d.attemptId}:${fingerprint}` });
    if (!r.ok) throw new AppError("card_declined", r.message, 402);
    return { paymentMethodId: r.paymentMethodId };
  });
}
