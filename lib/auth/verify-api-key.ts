import { and, eq, isNull, lt, or } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, organizations } from "@/db/schema";
import { now, nowMs } from "@/lib/clock";
import { unauthorized } from "@/lib/errors";
import { API_KEY_PATTERN, hashApiKey, sameHash } from "./api-key-format";
import { cacheApiKey, cachedApiKey } from "./api-key-cache";
import { parseStoredScopes, type ApiScope } from "./api-key-scopes";

export type ApiKeyPrincipal = { keyId: string; orgId: string; orgName: string; scopes: ApiScope[] };

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolve `Authorization: Bearer <key>` to its organisation; 401 for a missing, malformed, unknown or revoked key. */
export async function verifyApiKey(authorization: string | null): Promise<ApiKeyPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw unauthorized("Send your API key as `Authorization: Bearer <key>`.", "missing_api_key");
  const key = match[1]!;
  if (!API_KEY_PATTERN.test(key)) throw unauthorized("That API key is not valid.", "invalid_api_key");
  const hash = hashApiKey(key);
  const cached = cachedApiKey(hash);
  if (cached) return cached;
  const [row] = await db
    .select({ id: apiKeys.id, hash: apiKeys.hash, orgId: apiKeys.orgId, revokedAt: apiKeys.revokedAt, orgName: organizations.name, lastUsedAt: apiKeys.lastUsedAt, scopes: apiKeys.scopes })
    .from(apiKeys)
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .where(eq(apiKeys.hash, hash))
    .limit(1);
  if (!row || !sameHash(row.hash, hash)) throw unauthorized("That API key is not valid.", "invalid_api_key");
  if (row.revokedAt) throw unauthorized("That API key has been revoked.", "revoked_api_key");
  if (!row.lastUsedAt || nowMs() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const cutoff = new Date(nowMs() - LAST_USED_RESOLUTION_MS);
    // Throttled and fire-and-forget: the hot path does not wait on this write.
    void db
      .update(apiKeys)
      .set({ lastUsedAt: now() })
      .where(and(eq(apiKeys.id, row.id), isNull(apiKeys.revokedAt), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))))
      .catch(() => {});
  }
  const principal: ApiKeyPrincipal = { keyId: row.id, orgId: row.orgId, orgName: row.orgName, scopes: parseStoredScopes(row.scopes) };
  cacheApiKey(hash, principal);
  return principal;
}
