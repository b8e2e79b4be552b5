import type { ActionResult } from "@/lib/http/action";

/** The message zod gave for one field of a failed action, if any. */
export function fieldError(state: ActionResult<unknown> | null, field: string): string | undefined {
  if (!state || state.ok) return undefined;
  return state.error.fields?.find((f) => f.field === field)?.message;
}
