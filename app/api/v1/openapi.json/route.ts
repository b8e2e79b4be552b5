import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { route } from "@/lib/http/route";

export const dynamic = "force-static";

/** The OpenAPI 3.1 description of /api/v1 (public: no key). Rendered for people at /docs/api. */
export const GET = route(async () => NextResponse.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } }));
