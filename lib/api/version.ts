import { AppError } from "@/lib/errors";

/**
 * API versions, dated. A caller pins one with the `Billing-Version` request header; without it the
 * current version applies. Every answer of /api/v1 echoes the version it was produced under.
 * Policy (README "Use it from your product", docs/ARCHITECTURE.md): additive changes (a new field, a
 * new endpoint, a new optional parameter) ship without a new version; a change that could break a
 * caller (renaming or removing a field, changing a type or a default) ships as a new dated version,
 * and older versions keep their wire format through the serializers for at least 12 months.
 */
export const API_VERSIONS = ["2026-12-01"] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const CURRENT_API_VERSION: ApiVersion = "2026-12-01";
export const VERSION_HEADER = "Billing-Version";

/** The version a request asks for (the header), or the current one; 400 unsupported_version otherwise. */
export function resolveApiVersion(header: string | null): ApiVersion {
  const v = header?.trim();
  if (!v) return CURRENT_API_VERSION;
  if ((API_VERSIONS as readonly string[]).includes(v)) return v as ApiVersion;
  throw new AppError(
    "unsupported_version",
    `Billing-Version ${JSON.stringify(v.slice(0, 40))} is not a version of this API; supported: ${API_VERSIONS.join(", ")} (omit the header for the current one, ${CURRENT_API_VERSION}).`,
    400,
    { supported: [...API_VERSIONS] },
  );
}
