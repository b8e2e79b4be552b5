"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sandboxOrHome } from "../../_lib/sandbox";
import { cardSchema, formFields } from "../../_components/card-input";

const schema = cardSchema.extend({
  sessionId: z.string().startsWith("cs_"),
  email: z.string().trim().email("Enter a valid email").optional().or(z.literal("")),
  promotionCode: z.string().trim().max(64).optional(),
  authenticate: z.literal("1").optional(),
});

/** "Pay" on the sandbox checkout page: success → the session's success_url; failure → back with the reason. */
export async function payCheckout(form: FormData) {
  const sandbox = await sandboxOrHome();
  const parsed = schema.safeParse(formFields(form));
  const id = String(form.get("sessionId") ?? "");
  if (!parsed.success) redirect(`/sandbox/checkout/${encodeURIComponent(id)}?error=${encodeURIComponent(parsed.error.issues[0]?.message ?? "Check the card details.")}`);
  const d = parsed.data;
  const result = await sandbox.views.checkout.complete(d.sessionId, {
    card: { number: d.number, expMonth: d.expMonth, expYear: d.expYear, name: d.name || undefined },
    email: d.email || undefined,
    promotionCode: d.promotionCode || undefined,
    authenticate: d.authenticate === "1",
  });
  if (result.ok) redirect(result.redirectUrl);
  const q = new URLSearchParams({ error: result.error });
  if (result.requiresAction) q.set("auth", "1");
  redirect(`/sandbox/checkout/${encodeURIComponent(d.sessionId)}?${q}`);
}
