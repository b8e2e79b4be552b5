import type { NextRequest } from "next/server";
import type { OrgRole } from "@/db/schema";
import { route, type RouteContext, type RouteInfo } from "@/lib/http/route";
import { requireAdmin, requireOrgRole, requireUser, type OrgContext, type SessionUser } from "./guards";
import { verifyApiKey, type ApiKeyPrincipal } from "./verify-api-key";
import type { Actor } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/respond";
import { assertSameOriginJson } from "@/lib/http/same-origin";
import { consumeRateLimit, rateLimitHeaders } from "@/lib/security/rate-limit";
import type { ApiScope } from "./api-key-scopes";
import { CURRENT_API_VERSION, VERSION_HEADER, resolveApiVersion } from "@/lib/api/version";

/**
 * One wrapper per trust level for route handlers. Each authenticates first, then hands the
 * principal to the handler; errors become the JSON error shape (lib/http/route.ts).
 */
type Handler<C, P> = (req: NextRequest, principal: C, ctx: RouteContext<P>, info: RouteInfo) => Promise<Response>;

// Session-cookie routes: the same-origin JSON check (CSRF) runs before the guard, for every unsafe method.
export const withUser = <P = Record<string, string>>(h: Handler<SessionUser, P>) =>
  route<P>(async (req, ctx, info) => {
    assertSameOriginJson(req);
    return h(req, await requireUser(), ctx, info);
  });

export const withAdmin = <P = Record<string, string>>(h: Handler<SessionUser & { actor: Actor }, P>) =>
  route<P>(async (req, ctx, info) => {
    assertSameOriginJson(req);
    return h(req, await requireAdmin(), ctx, info);
  });

/** A member of at least `min` of the organisation named by the route's `orgId` param, or else of the active one. */
export const withOrgRole = <P = Record<string, string>>(min: OrgRole, h: Handler<OrgContext, P>) =>
  route<P>(async (req, ctx, info) => {
    assertSameOriginJson(req);
    const params = (await ctx.params) as { orgId?: unknown } | undefined;
    return h(req, await requireOrgRole(min, typeof params?.orgId === "string" ? params.orgId : undefined), ctx, info);
  });

export type ApiKeyContext = ApiKeyPrincipal & { actor: Actor };

/**
 * API-key routes. The wrapper authenticates the key (401), spends one point of its rate limit (429
 * with Retry-After), then checks `scope` (403 insufficient_scope naming it; null = any valid key) —
 * all before the handler parses anything. Every answer to a recognised key carries
 * X-RateLimit-Limit / -Remaining / -Reset (Unix seconds), errors included, and `Billing-Version`:
 * the dated API version it was produced under (the request's header, else the current one; an
 * unknown version is 400 unsupported_version — lib/api/version.ts).
 */
export const withApiKey = <P = Record<string, string>>(scope: ApiScope | null, h: Handler<ApiKeyContext, P>) =>
  route<P>(async (req, ctx, info) => {
    let version: string = CURRENT_API_VERSION;
    let versionError: unknown = null;
    try {
      version = resolveApiVersion(req.headers.get(VERSION_HEADER));
    } catch (err) {
      versionError = err;
    }
    let key: Awaited<ReturnType<typeof verifyApiKey>>;
    let limit: Awaited<ReturnType<typeof consumeRateLimit>>;
    try {
      key = await verifyApiKey(req.headers.get("authorization"));
      limit = await consumeRateLimit("apiKey", key.keyId);
    } catch (err) {
      const res = errorResponse(err, info.requestId);
      res.headers.set(VERSION_HEADER, version);
      return res;
    }
    let res: Response;
    try {
      if (versionError) throw versionError;
      if (scope && !key.scopes.includes(scope)) {
        throw new AppError("insufficient_scope", `This API key lacks the ${scope} scope (it has: ${key.scopes.join(", ") || "none"}). Create a key with ${scope} in Settings → API keys.`, 403, { required: scope });
      }
      res = await h(req, { ...key, actor: { type: "api_key", id: key.keyId } }, ctx, info);
    } catch (err) {
      res = errorResponse(err, info.requestId);
    }
    const headers = { ...rateLimitHeaders(limit), [VERSION_HEADER]: version };
    try {
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    } catch {
      res = new Response(res.body, res); // a Response with immutable headers (Response.redirect): copy it
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    }
    return res;
  });
