import { z } from "zod";

/**
 * What an API key may do. Chosen when the key is made; checked by withApiKey (lib/auth/route-guards.ts)
 * before the handler runs: a key without the route's scope is `403 insufficient_scope`, naming it.
 * Keys made before scopes existed have all of them (migration 0012).
 */
export const API_SCOPES = ["usage:write", "usage:read", "credits:write", "billing:read", "billing:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "usage:write": "record usage and call metered endpoints",
  "usage:read": "read usage, entitlements and the credit balance",
  "credits:write": "consume credits, place and settle holds",
  "billing:read": "read the subscription, invoices, payment methods and spend cap",
  "billing:write": "change or cancel the subscription, open checkout and portal sessions, set the spend cap",
};

/** Presets offered when creating a key. */
export const SCOPE_PRESETS = {
  full: { label: "Full access", scopes: [...API_SCOPES] },
  metering: { label: "Metering only (your product's backend)", scopes: ["usage:write", "usage:read", "credits:write"] },
  read_only: { label: "Read-only", scopes: ["usage:read", "billing:read"] },
} as const satisfies Record<string, { label: string; scopes: readonly ApiScope[] }>;
export type ScopePreset = keyof typeof SCOPE_PRESETS;

export const apiScopeSchema = z.enum(API_SCOPES);
/** Scopes as given by a caller: a non-empty set of known scopes, deduplicated, in canonical order. */
export const apiScopesSchema = z
  .array(apiScopeSchema)
  .min(1, "choose at least one scope")
  .transform((s) => API_SCOPES.filter((x) => s.includes(x)));
export const scopePresetSchema = z.enum(Object.keys(SCOPE_PRESETS) as [ScopePreset, ...ScopePreset[]]);

/** The stored value (text[]), read defensively: unknown strings are dropped. */
export function parseStoredScopes(stored: readonly string[] | null | undefined): ApiScope[] {
  return API_SCOPES.filter((s) => stored?.includes(s));
}
