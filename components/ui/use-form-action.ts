"use client";

import { useActionState, useState } from "react";

/**
 * useActionState plus the last submitted text values, so a form that comes back with an error can
 * refill its fields (React resets a form after its action runs). Pass `values.x` as defaultValue.
 * Password fields are never kept.
 */
export function useFormAction<S>(action: (prev: S, form: FormData) => Promise<S>, initial: S) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [state, formAction, pending] = useActionState<S, FormData>(async (prev: S, form: FormData): Promise<S> => {
    const next: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string" && !/password/i.test(k)) next[k] = v;
    setValues(next);
    return action(prev, form);
  }, initial as Awaited<S>);
  return [state, formAction, values, pending] as const;
}
