import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { errorResponse } from "./respond";

export type RouteContext<P = Record<string, string>> = { params: Promise<P> };
export type RouteInfo = { requestId: string };

/**
 * The base of every route handler: a request id, and any thrown error turned into the JSON error
 * shape (AppError → its status; anything else → 500 without a stack trace). Trust-level wrappers
 * (withUser, withOrgRole, withAdmin, withApiKey in lib/auth/route-guards.ts) build on it.
 */
export function route<P = Record<string, string>>(
  handler: (req: NextRequest, ctx: RouteContext<P>, info: RouteInfo) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: RouteContext<P>): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const res = await handler(req, ctx, { requestId });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
