import type { ZodError } from "zod";

/**
 * Typed domain errors. Route handlers turn any of them into
 * `{"error":{"code","message"}}` with the status below (see lib/http/respond.ts).
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status: number,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, details?: unknown, code = "invalid_request") =>
  new AppError(code, message, 400, details);
export const unauthorized = (message = "Sign in or send a valid API key (Authorization: Bearer <key>).", code = "unauthenticated") =>
  new AppError(code, message, 401);
export const forbidden = (message = "You do not have permission to do this.", code = "forbidden") =>
  new AppError(code, message, 403);
export const notFound = (what = "resource") =>
  new AppError("not_found", `No such ${what}, or it does not belong to your organisation.`, 404);
export const conflict = (message: string, code = "conflict") => new AppError(code, message, 409);
export const paymentRequired = (message: string, code = "insufficient_credits", details?: unknown) =>
  new AppError(code, message, 402, details);
export const tooManyRequests = (message: string, retryAfterSeconds: number, code = "rate_limited") =>
  new AppError(code, message, 429, undefined, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
export const unavailable = (message: string, code = "service_unavailable") => new AppError(code, message, 503);

/** A 400 that names each field zod rejected, e.g. `events.3.quantity: expected a positive integer`. */
export function fromZod(error: ZodError, prefix = "") {
  const fields = error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
  const summary = fields
    .slice(0, 5)
    .map((f) => (f.field ? `${f.field}: ${f.message}` : f.message))
    .join("; ");
  return new AppError("invalid_request", `Invalid input — ${summary}.`, 400, { fields });
}
