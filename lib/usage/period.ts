/** Pure period math (UTC). Billing periods are anchored on the subscription's current period. */
export type Period = { start: Date; end: Date };

const DAY = 86_400_000;

export function calendarMonth(at: Date): Period {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Add whole months keeping the anchor day, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(d: Date, n: number, anchorDay = d.getUTCDate()): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(anchorDay, last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** Whole months between two dates when they are whole months apart (±2 days for clamping), else null. */
export function monthsBetween(start: Date, end: Date): number | null {
  const months = Math.round((end.getTime() - start.getTime()) / (30.44 * DAY));
  if (months < 1) return null;
  const probe = addMonths(start, months);
  return Math.abs(probe.getTime() - end.getTime()) <= 3 * DAY ? months : null;
}

/**
 * The period containing `ts`, stepping from the anchor (the subscription's current period) by the
 * anchor's length: months when it spans whole months, else its exact duration.
 */
export function periodContaining(ts: Date, anchor: Period): Period {
  const t = ts.getTime();
  if (t >= anchor.start.getTime() && t < anchor.end.getTime()) return anchor;
  const months = monthsBetween(anchor.start, anchor.end);
  const day = anchor.start.getUTCDate();
  if (months === null) {
    const len = anchor.end.getTime() - anchor.start.getTime();
    const k = Math.floor((t - anchor.start.getTime()) / len);
    const start = new Date(anchor.start.getTime() + k * len);
    return { start, end: new Date(start.getTime() + len) };
  }
  let k = t < anchor.start.getTime() ? -months : months;
  // Bounded: events are at most 35 days old, so this loops a handful of times at most.
  for (let i = 0; i < 1200; i++, k += t < anchor.start.getTime() ? -months : months) {
    const start = addMonths(anchor.start, k, day);
    const end = addMonths(anchor.start, k + months, day);
    if (t >= start.getTime() && t < end.getTime()) return { start, end };
  }
  return calendarMonth(ts);
}

/** "YYYY-MM" → that calendar month; null when malformed. */
export function parseMonth(text: string): Period | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (!m) return null;
  return calendarMonth(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

export const MAX_EVENT_AGE_MS = 35 * DAY;
export const MAX_EVENT_SKEW_MS = 5 * 60_000;

/** Why a timestamp is refused (null when acceptable): at most 35 days back, at most 5 minutes ahead. */
export function timestampProblem(ts: Date, nowMs: number): string | null {
  if (Number.isNaN(ts.getTime())) return "not a valid ISO-8601 timestamp";
  if (ts.getTime() > nowMs + MAX_EVENT_SKEW_MS) return "more than 5 minutes in the future";
  if (ts.getTime() < nowMs - MAX_EVENT_AGE_MS) return "more than 35 days in the past";
  return null;
}

/** Thresholds (percent of included) crossed by going from `before` to `after`. */
export function crossedThresholds(before: number, after: number, included: number | null, thresholds = [50, 80, 100]): number[] {
  if (included === null || included <= 0) return [];
  return thresholds.filter((p) => before * 100 < p * included && after * 100 >= p * included);
}
