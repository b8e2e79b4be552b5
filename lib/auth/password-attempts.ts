import { RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { tooManyRequests } from "@/lib/errors";
import { limiter, resetRateLimit } from "@/lib/security/rate-limit";

/**
 * The per-account limit on password checks, applied wherever a password is checked (authenticate():
 * the sign-in form, Auth.js's POST /api/auth/callback/credentials, sign-up's sign-in), whatever IP the
 * guesses come from.
 *
 * Slow down, never lock out: the first FREE_FAILURES wrong passwords in an hour cost nothing; after
 * each further one the account waits delayAfter(n) seconds (2, 4, 8 … capped at MAX_DELAY_SECONDS)
 * before the next check. A stranger hammering an address buys the owner at most a few minutes' wait,
 * not a 15-minute lockout, and gets ~15 guesses an hour instead of unlimited ones. During the wait,
 * attempts are refused without checking the password (so a right one reveals nothing) and are not counted.
 * Attempts are counted before the check and, past the allowance, go one at a time (the gate), so
 * parallel guesses cannot slip in before a failure is recorded. A successful sign-in clears the count.
 */
export const FREE_FAILURES = 5;
export const MAX_DELAY_SECONDS = 5 * 60;
export const delayAfter = (failures: number) => Math.min(MAX_DELAY_SECONDS, 2 ** Math.max(1, failures - FREE_FAILURES + 1));

const MESSAGE = "Too many wrong passwords for this account. Wait a moment and try again.";
const key = (email: string) => email.trim().toLowerCase();

/** Seconds this account must still wait before a password check (0: go ahead). Spends nothing. */
export async function passwordWaitSeconds(email: string): Promise<number> {
  if (!env.RATE_LIMIT_ENABLED) return 0;
  const res = await limiter("passwordGate").get(key(email));
  if (!res || res.consumedPoints <= 1) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Enter a password check for this account: counts the attempt (atomically, in the shared store) and,
 * past the free allowance, takes the account's gate — one check per second at most, and none while
 * the slow-down delay runs. A 429 AppError (Retry-After) otherwise. Returns the attempt's number.
 */
export async function enterPasswordGate(email: string): Promise<number> {
  if (!env.RATE_LIMIT_ENABLED) return 0;
  const k = key(email);
  const wait = await passwordWaitSeconds(k);
  if (wait > 0) throw tooManyRequests(MESSAGE, wait);
  // Counted before the check, so 100 parallel guesses cannot all pass before the first failure is recorded.
  const n = (await limiter("passwordFailures").consume(k)).consumedPoints;
  if (n <= FREE_FAILURES) return n;
  try {
    await limiter("passwordGate").consume(k);
  } catch (res) {
    await limiter("passwordFailures").reward(k, 1);
    if (res instanceof RateLimiterRes) throw tooManyRequests(MESSAGE, res.msBeforeNext / 1000);
    throw res;
  }
  return n;
}

/** Record the outcome of the check entered as attempt `n`: success clears the count; a failure past the allowance starts the wait. */
export async function recordPasswordResult(email: string, ok: boolean, n: number): Promise<void> {
  if (!env.RATE_LIMIT_ENABLED) return;
  const k = key(email);
  if (ok) {
    await resetRateLimit("passwordFailures", k);
    await resetRateLimit("passwordGate", k);
    return;
  }
  if (n >= FREE_FAILURES) await limiter("passwordGate").block(k, delayAfter(n));
}
