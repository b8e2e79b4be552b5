import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDbKind, sidePoolDb } from "@/db";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError, tooManyRequests } from "@/lib/errors";

/**
 * Rate limits (rate-limiter-flexible). With DATABASE_URL set the counters live in Postgres (table
 * `rate_limits`, the library's Drizzle store on a small side pool), so a limit holds across every
 * instance; with PGlite (one process) they are in memory. If the shared store fails, an in-memory
 * limiter takes over for that instance (the library's insurance limiter) rather than failing requests.
 * A limited request gets 429 with Retry-After.
 */
export const LIMITS = {
  /** sign-in attempts per client IP */
  signInIp: { points: 20, duration: 60 },
  /** wrong passwords per account before each attempt is slowed down (lib/auth/password-attempts.ts) */
  passwordFailures: { points: 1_000_000, duration: 60 * 60 },
  /** the per-account gate: one password check at a time; blocked for the slow-down delay after a failure */
  passwordGate: { points: 1, duration: 1 },
  /** sign-ups per client IP */
  signUpIp: { points: 10, duration: 60 * 60 },
  /** API requests per API key */
  apiKey: { points: 6_000, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

const g = globalThis as unknown as { __billingLimiters?: Map<string, RateLimiterAbstract> };
const limiters = (g.__billingLimiters ??= new Map());

export function limiter(name: LimitName): RateLimiterAbstract {
  const shared = getDbKind() === "postgres";
  const id = `${name}:${shared ? "pg" : "mem"}`;
  let l = limiters.get(id);
  if (!l) {
    const opts = { keyPrefix: name, ...LIMITS[name] };
    l = shared
      ? new RateLimiterDrizzle({
          ...opts,
          storeClient: sidePoolDb("billing-rate-limits", 2),
          schema: rateLimits,
          insuranceLimiter: new RateLimiterMemory(opts),
        })
      : new RateLimiterMemory(opts);
    limiters.set(id, l);
  }
  return l;
}

const MESSAGES: Record<LimitName, string> = {
  signInIp: "Too many sign-in attempts from your network. Wait a minute and try again.",
  passwordFailures: "Too many wrong passwords for this account. Wait a moment and try again.",
  passwordGate: "Too many wrong passwords for this account. Wait a moment and try again.",
  signUpIp: "Too many accounts created from your network. Try again later.",
  apiKey: "Too many requests for this API key. Slow down and retry after the time in Retry-After.",
};

/** What a limit looks like after a request: the X-RateLimit-* headers of the API. */
export type LimitState = { limit: number; remaining: number; resetAt: number };

export function rateLimitHeaders(s: LimitState): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(s.limit),
    "X-RateLimit-Remaining": String(Math.max(0, s.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(s.resetAt / 1000)),
  };
}

/**
 * Spend one point of `name` for `key`; throws a 429 AppError (with Retry-After and the X-RateLimit-*
 * headers) when exhausted. Returns the limit's state for the response headers.
 */
export async function consumeRateLimit(name: LimitName, key: string, points = 1): Promise<LimitState> {
  const limit = LIMITS[name].points;
  if (!env.RATE_LIMIT_ENABLED) return { limit, remaining: limit, resetAt: Date.now() + LIMITS[name].duration * 1000 };
  try {
    const res = await limiter(name).consume(key, points);
    return { limit, remaining: res.remainingPoints, resetAt: Date.now() + Math.max(0, res.msBeforeNext) };
  } catch (res) {
    if (res instanceof RateLimiterRes) {
      const base = tooManyRequests(MESSAGES[name], res.msBeforeNext / 1000);
      const headers = { ...base.headers, ...rateLimitHeaders({ limit, remaining: 0, resetAt: Date.now() + res.msBeforeNext }) };
      throw new AppError(base.code, base.message, 429, undefined, headers);
    }
    throw res;
  }
}

/** Forget a key's count (after a successful sign-in, for the per-account limit). */
export async function resetRateLimit(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key);
}

/**
 * The client's IP. TRUSTED_PROXY_HOPS (default 0) says how many proxies in front of the app append to
 * X-Forwarded-For: the address chain is [socket peer, …X-Forwarded-For from right to left] and the
 * client is entry N — with 0, the socket peer itself, whatever X-Forwarded-For a client sends.
 *
 * Route handlers never see the socket: Next sets X-Forwarded-For to the peer only when the request has
 * none (`??=`), so a client-sent header would survive. lib/security/peer-address.ts (installed by
 * instrumentation.ts) therefore stamps the socket peer into PEER_HEADER on every request, overwriting
 * anything the client sent. Where that stamp is missing (a runtime without instrumentation, tests
 * calling handlers directly), the peer is unknown and counted as "unknown" — never a header the
 * client chose.
 */
export const PEER_HEADER = "x-billing-peer-address";

export function clientIp(headers: Headers, hops = env.TRUSTED_PROXY_HOPS): string {
  const peer = peerStamped() ? headers.get(PEER_HEADER)?.trim() : undefined;
  const chain = [normaliseIp(peer || "unknown")];
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) chain.push(normaliseIp(forwarded[i]!));
  // Fewer addresses than trusted hops: the furthest one we have (a proxy misconfigured, or a direct hit).
  return chain[Math.min(hops, chain.length - 1)]!;
}

function normaliseIp(ip: string): string {
  const v = ip.slice(0, 64);
  return v.startsWith("::ffff:") && v.includes(".") ? v.slice(7) : v;
}

const stamp = globalThis as unknown as { __billingPeerStamped?: boolean };
/** True once peer-address.ts overwrites PEER_HEADER on every request of this process. */
export function peerStamped(): boolean {
  return stamp.__billingPeerStamped === true;
}
export function markPeerStamped(on = true) {
  stamp.__billingPeerStamped = on;
}
