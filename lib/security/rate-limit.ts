import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { tooManyRequests } from "@/lib/errors";

/**
 * Rate limits (rate-limiter-flexible, in-memory per instance — see docs/SCALING.md for a shared
 * store). A limited request gets 429 with Retry-After.
 */
const LIMITS = {
  /** sign-in attempts per client IP */
  signInIp: { points: 20, duration: 60 },
  /** sign-in attempts per account (email), slows password guessing across IPs */
  signInAccount: { points: 10, duration: 15 * 60 },
  /** sign-ups per client IP */
  signUpIp: { points: 10, duration: 60 * 60 },
  /** API requests per API key */
  apiKey: { points: 6_000, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

const g = globalThis as unknown as { __billingLimiters?: Map<LimitName, RateLimiterMemory> };
const limiters = (g.__billingLimiters ??= new Map());

function limiter(name: LimitName): RateLimiterMemory {
  let l = limiters.get(name);
  if (!l) limiters.set(name, (l = new RateLimiterMemory({ keyPrefix: name, ...LIMITS[name] })));
  return l;
}

const MESSAGES: Record<LimitName, string> = {
  signInIp: "Too many sign-in attempts from your network. Wait a minute and try again.",
  signInAccount: "Too many sign-in attempts for this account. Wait a few minutes and try again.",
  signUpIp: "Too many accounts created from your network. Try again later.",
  apiKey: "Too many requests for this API key. Slow down and retry after the time in Retry-After.",
};

/** Spend one point of `name` for `key`; throws a 429 AppError (with Retry-After) when exhausted. */
export async function consumeRateLimit(name: LimitName, key: string, points = 1): Promise<void> {
  if (!env.RATE_LIMIT_ENABLED) return;
  try {
    await limiter(name).consume(key, points);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooManyRequests(MESSAGES[name], res.msBeforeNext / 1000);
    throw res;
  }
}

/** Forget a key's count (after a successful sign-in, for the per-account limit). */
export async function resetRateLimit(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key);
}

/** Best-effort client IP from the proxy headers. */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
}
