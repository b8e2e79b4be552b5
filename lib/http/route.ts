import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { logger } from "@/lib/log";
import { errorResponse } from "./respond";

export type RouteContext<P = Record<string, string>> = { params: Promise<P> };
export type RouteInfo = { requestId: string };
export type RouteOptions = {
  /** Machine chatter (Stripe's webhook deliveries): its request lines are debug-level outside production. */
  quiet?: boolean;
};

/**
 * The base of every route handler: a request id, and any thrown error turned into the JSON error
 * shape (AppError → its status; anything else → 500 without a stack trace). Trust-level wrappers
 * (withUser, withOrgRole, withAdmin, withApiKey in lib/auth/route-guards.ts) build on it.
 */
export function route<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: RouteContext<P>, info: RouteInfo) => Promise<Response>,
  options: RouteOptions = {},
) {
  const level = options.quiet && process.env.NODE_ENV !== "production" ? "debug" : "info";
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) ?? randomUUID();
    const started = performance.now();
    let res: Response;
    try {
      res = await handler(req, ctx, { requestId });
      res.headers.set("x-request-id", requestId);
    } catch (err) {
      res = errorResponse(err, requestId);
    }
    // One structured line per API request; never the body or headers (they may carry keys or card data).
    logger[level](
      { requestId, method: req.method, path: req.nextUrl?.pathname ?? new URL(req.url).pathname, status: res.status, ms: Math.round(performance.now() - started) },
      "request",
    );
    return res;
  };
}
