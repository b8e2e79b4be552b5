import { nowMs } from "@/lib/clock";
import type { ApiKeyPrincipal } from "./verify-api-key";

/**
 * Verified API keys, per process, for a few seconds: the metering API's hot path then skips the key
 * lookup (issue 15). Only keys that verified are kept (an unknown key is looked up every time, so
 * guessing cannot fill memory). A key revoked in this process is dropped at once; revoked by another
 * instance, it stops working here within API_KEY_CACHE_TTL_MS.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { principal: ApiKeyPrincipal; expiresAt: number };
const g = globalThis as unknown as { __billingApiKeyCache?: Map<string, Entry> };
const cache = (g.__billingApiKeyCache ??= new Map());

export function cachedApiKey(hash: string): ApiKeyPrincipal | null {
  const hit = cache.get(hash);
  if (!hit) return null;
  if (hit.expiresAt <= nowMs()) {
    cache.delete(hash);
    return null;
  }
  return hit.principal;
}

export function cacheApiKey(hash: string, principal: ApiKeyPrincipal) {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hash, { principal, expiresAt: nowMs() + API_KEY_CACHE_TTL_MS });
}

/** Drop a key (revoked, or its organisation changed) from this process's cache. */
export function forgetApiKey(keyId: string) {
  for (const [hash, e] of cache) if (e.principal.keyId === keyId) cache.delete(hash);
}
