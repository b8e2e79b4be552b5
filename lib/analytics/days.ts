/** Calendar days as `YYYY-MM-DD` strings in UTC (the snapshot and rollup key). */
const DAY_MS = 86_400_000;

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`expected a day as YYYY-MM-DD, got "${day}"`);
  const d = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || dayOf(d) !== day) throw new Error(`not a calendar day: "${day}"`);
  return d;
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(parseDay(day).getTime() + n * DAY_MS));
}

/** First day of the day's month. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** `YYYY-MM` of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The last `count` months ending with the month of `day`, oldest first, as `YYYY-MM`. */
export function lastMonths(day: string, count: number): string[] {
  const d = parseDay(monthStart(day));
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    out.push(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
  }
  return out;
}

/** Last day of a `YYYY-MM` month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return dayOf(new Date(Date.UTC(y, m, 0)));
}
