import type { NextRequest } from "next/server";
import type { OrgRole } from "@/db/schema";
import { route, type RouteContext, type RouteInfo } from "@/lib/http/route";
import { requireAdmin, requireOrgRole, requireUser, type OrgContext, type SessionUser } from "./guards";
import { verifyApiKey, type ApiKeyPrincipal } from "./verify-api-key";
import type { Actor } from "@/lib/audit/write-audit";
import { consumeRateLimit } from "@/lib/security/rate-limit";

/**
 * One wrapper per trust level for route handlers. Each authenticates first, then hands the
 * principal to the handler; errors become the JSON error shape (lib/http/route.ts).
 */
type Handler<C, P> = (req: NextRequest, principal: C, ctx: RouteContext<P>, info: RouteInfo) => Promise<Response>;

export const withUser = <P = Record<string, string>>(h: Handler<SessionUser, P>) =>
  route<P>(async (req, ctx, info) => h(req, await requireUser(), ctx, info));

export const withAdmin = <P = Record<string, string>>(h: Handler<SessionUser & { actor: Actor }, P>) =>
  route<P>(async (req, ctx, info) => h(req, await requireAdmin(), ctx, info));

export const withOrgRole = <P = Record<string, string>>(min: OrgRole, h: Handler<OrgContext, P>) =>
  route<P>(async (req, ctx, info) => h(req, await requireOrgRole(min), ctx, info));

export type ApiKeyContext = ApiKeyPrincipal & { actor: Actor };

export const withApiKey = <P = Record<string, string>>(h: Handler<ApiKeyContext, P>) =>
  route<P>(async (req, ctx, info) => {
    const key = await verifyApiKey(req.headers.get("authorization"));
    await consumeRateLimit("apiKey", key.keyId);
    return h(req, { ...key, actor: { type: "api_key", id: key.keyId } }, ctx, info);
  });
