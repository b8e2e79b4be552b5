import { NextResponse } from "next/server";
import type { ZodType } from "zod";
import { AppError, badRequest, fromZod, unavailable } from "@/lib/errors";
import { logger } from "@/lib/log";

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** The one error shape: `{"error":{"code","message"}}`, with the AppError's status and headers. */
export function errorResponse(err: unknown, requestId?: string): NextResponse<ErrorBody> {
  const mapped = mapDatabaseError(err);
  if (mapped) err = mapped;
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return NextResponse.json(body, { status: err.status, headers: { ...err.headers, ...(requestId ? { "x-request-id": requestId } : {}) } });
  }
  logger.error({ err, requestId }, "unhandled error");
  return NextResponse.json(
    { error: { code: "internal_error", message: "Something went wrong on our side. Try again; if it persists, contact support with the request id." } },
    { status: 500, headers: requestId ? { "x-request-id": requestId } : {} },
  );
}

/** Text Postgres cannot store: NUL characters and lone UTF-16 surrogates. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when any string (or object key) in `value` holds text Postgres cannot store. */
export function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return UNSTORABLE.test(value);
  if (depth > 20 || value === null || typeof value !== "object") return false;
  for (const [k, v] of Object.entries(value)) if (UNSTORABLE.test(k) || hasUnstorableText(v, depth + 1)) return true;
  return false;
}

/**
 * Database failures a client can act on: text Postgres cannot store (from a path or query value)
 * is a 400; a lost connection is a 503 to retry (the pool reconnects by itself).
 */
export function mapDatabaseError(err: unknown): AppError | null {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  const code = e?.cause?.code ?? e?.code;
  if (code === "22021" || code === "22P05") return badRequest("Text must not contain NUL characters or invalid Unicode.", undefined, "invalid_text");
  if (code && (/^57P0[123]$/.test(code) || /^08/.test(code) || code === "CONNECTION_ENDED" || code === "CONNECTION_CLOSED" || code === "ECONNRESET" || code === "ECONNREFUSED")) {
    return unavailable("The database connection was interrupted. Retry the request.", "database_unavailable");
  }
  return null;
}

/** Read a JSON body and validate it; malformed JSON and schema failures are 400s naming the field. */
export async function readJson<T>(req: Request, schema: ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    const text = await req.text();
    raw =
      text.length === 0
        ? {}
        : JSON.parse(text, (k, v) => {
            if (UNSTORABLE.test(k) || (typeof v === "string" && UNSTORABLE.test(v))) throw new SyntaxError("unstorable text");
            return v;
          });
  } catch {
    throw badRequest("The request body is not valid JSON.", undefined, "invalid_json");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

/** Validate URL search params against a schema (400 naming the field). */
export function readQuery<T>(req: Request, schema: ZodType<T>): T {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}
