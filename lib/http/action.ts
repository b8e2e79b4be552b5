import type { ZodType } from "zod";
import { AppError, fromZod } from "@/lib/errors";
import { logger } from "@/lib/log";
import { hasUnstorableText, mapDatabaseError } from "./respond";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: { field: string; message: string }[] } };

/**
 * Server actions: guard → zod-parse → one lib call. Errors come back as values the form can show
 * (never a thrown stack); redirects and notFound() from the body pass through untouched.
 */
export async function runAction<I, T>(
  schema: ZodType<I>,
  input: unknown,
  fn: (data: I) => Promise<T>,
): Promise<ActionResult<T>> {
  // NUL / lone surrogates would reach Postgres as an error mid-action: refuse them before anything runs.
  if (hasUnstorableText(input)) return { ok: false, error: { code: "invalid_text", message: "Text must not contain NUL characters or invalid Unicode." } };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const err = fromZod(parsed.error);
    return { ok: false, error: { code: err.code, message: err.message, fields: (err.details as { fields: { field: string; message: string }[] }).fields } };
  }
  try {
    return { ok: true, data: await fn(parsed.data) };
  } catch (err) {
    return actionError(err);
  }
}

/**
 * A thrown error as the action's error value: AppError → its code and message; database errors
 * mapped; anything else logged and "internal_error". redirect()/notFound() signals are rethrown.
 */
export function actionError(err: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
  if (err && typeof err === "object" && "digest" in err) throw err; // redirect()/notFound() signals
  const db = mapDatabaseError(err);
  if (db) return { ok: false, error: { code: db.code, message: db.message } };
  logger.error({ err }, "server action failed");
  return { ok: false, error: { code: "internal_error", message: "Something went wrong on our side. Try again." } };
}

/** FormData → plain object for zod. */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
