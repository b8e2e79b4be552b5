import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard for routes authenticated by the session cookie: a browser sends the
 * cookie with a cross-origin form or `fetch(…, { mode: "no-cors" })` post as long as it is a "simple"
 * request (text/plain, form encodings). So a state-changing request must (1) carry no Origin, or this
 * app's origin (APP_URL, or the host it was addressed to), and (2) send a body as application/json,
 * which a cross-origin page cannot do without a CORS preflight we never answer.
 */
export function assertSameOriginJson(req: NextRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin && origin !== "null") {
    const allowed = new Set([new URL(env.APP_URL).origin, req.nextUrl.origin]);
    if (!allowed.has(origin)) throw new AppError("cross_origin", "Cross-origin requests are not accepted here.", 403);
  } else if (origin === "null") {
    throw new AppError("cross_origin", "Cross-origin requests are not accepted here.", 403);
  }
  const length = Number(req.headers.get("content-length") ?? "0");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // A body is announced by its length or by chunked encoding (a bodyless DELETE may still carry an empty stream).
  const hasBody = length > 0 || req.headers.has("transfer-encoding");
  if (hasBody && type !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the request body as application/json.", 415);
  }
}
