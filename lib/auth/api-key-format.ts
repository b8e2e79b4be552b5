import { createHash, timingSafeEqual } from "node:crypto";
import { randomBase62 } from "@/lib/ids";

/** API keys look like `bk_` + 32 base62 characters; the first 12 characters are the visible prefix. */
export const API_KEY_PATTERN = /^bk_[A-Za-z0-9]{32}$/;

export function generateApiKey(): string {
  return `bk_${randomBase62(32)}`;
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, 12);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
