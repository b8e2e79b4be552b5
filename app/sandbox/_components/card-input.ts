import { z } from "zod";

/** The card form's fields, validated on the server action. */
export const cardSchema = z.object({
  number: z.string().trim().min(12, "Enter a card number").max(23),
  expMonth: z.coerce.number().int().min(1).max(12),
  expYear: z.coerce.number().int().min(2000).max(2100),
  name: z.string().trim().max(100).optional(),
});

export function formFields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
