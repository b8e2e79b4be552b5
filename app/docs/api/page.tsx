import type { Metadata } from "next";
import { ApiReference } from "@/components/docs/api-reference";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { buildReference } from "@/lib/api/reference";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-static";

/** The /api/v1 reference, rendered on the server from the OpenAPI document (works offline: no CDN, no script). */
export default function ApiReferencePage() {
  return <ApiReference view={buildReference(buildOpenApiDocument() as unknown as Record<string, unknown>)} />;
}
