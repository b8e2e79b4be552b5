/**
 * The one clock. Billing logic never calls `new Date()` or `Date.now()` directly: it calls `now()`.
 * In sandbox mode the Stripe test clock moves this clock (`advanceClock`), so Stripe objects and the
 * app (quota periods, credit expiry, scheduled jobs) move together. The offset is persisted by the
 * sandbox and restored at start via `setClockOffset`.
 */
const state = globalThis as unknown as { __billingClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (state.__billingClockOffsetMs ?? 0));
}

export function nowMs(): number {
  return Date.now() + (state.__billingClockOffsetMs ?? 0);
}

export function nowUnix(): number {
  return Math.floor(nowMs() / 1000);
}

export function clockOffsetMs(): number {
  return state.__billingClockOffsetMs ?? 0;
}

export function setClockOffset(ms: number) {
  if (!Number.isFinite(ms) || ms < 0) throw new Error("clock offset must be a non-negative number of ms");
  state.__billingClockOffsetMs = ms;
}

/** Parse "15d", "12h", "30m", "90s" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(d|h|m|s)$/.exec(text.trim());
  if (!m) throw new Error(`expected a duration such as 15d, 12h, 30m or 90s, got "${text}"`);
  const n = Number(m[1]);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as "d" | "h" | "m" | "s"];
  return n * unit;
}
