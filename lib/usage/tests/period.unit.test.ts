import { describe, expect, it } from "vitest";
import { addMonths, calendarMonth, crossedThresholds, parseMonth, periodContaining, timestampProblem } from "../period";

const d = (s: string) => new Date(s);

describe("period math", () => {
  it("calendar months in UTC", () => {
    expect(calendarMonth(d("2026-02-14T23:59:59Z"))).toEqual({ start: d("2026-02-01T00:00:00Z"), end: d("2026-03-01T00:00:00Z") });
    expect(calendarMonth(d("2026-12-31T23:00:00Z")).end).toEqual(d("2027-01-01T00:00:00Z"));
  });

  it("adds months keeping the anchor day, clamped", () => {
    expect(addMonths(d("2026-01-31T10:00:00Z"), 1)).toEqual(d("2026-02-28T10:00:00Z"));
    expect(addMonths(d("2028-01-31T10:00:00Z"), 1)).toEqual(d("2028-02-29T10:00:00Z"));
    expect(addMonths(d("2026-02-28T10:00:00Z"), 1, 31)).toEqual(d("2026-03-31T10:00:00Z"));
    expect(addMonths(d("2026-03-15T00:00:00Z"), -3)).toEqual(d("2025-12-15T00:00:00Z"));
  });

  it("finds the period containing a timestamp from the subscription's anchor", () => {
    const anchor = { start: d("2026-11-10T12:00:00Z"), end: d("2026-12-10T12:00:00Z") };
    expect(periodContaining(d("2026-11-20T00:00:00Z"), anchor)).toBe(anchor);
    expect(periodContaining(d("2026-11-01T00:00:00Z"), anchor)).toEqual({ start: d("2026-10-10T12:00:00Z"), end: d("2026-11-10T12:00:00Z") });
    expect(periodContaining(d("2026-11-10T11:59:59Z"), anchor).end).toEqual(anchor.start);
    expect(periodContaining(d("2026-12-10T12:00:00Z"), anchor)).toEqual({ start: d("2026-12-10T12:00:00Z"), end: d("2027-01-10T12:00:00Z") });
    const yearly = { start: d("2026-03-01T00:00:00Z"), end: d("2027-03-01T00:00:00Z") };
    expect(periodContaining(d("2026-02-20T00:00:00Z"), yearly)).toEqual({ start: d("2025-03-01T00:00:00Z"), end: d("2026-03-01T00:00:00Z") });
    const weekly = { start: d("2026-11-16T00:00:00Z"), end: d("2026-11-23T00:00:00Z") };
    expect(periodContaining(d("2026-11-10T00:00:00Z"), weekly)).toEqual({ start: d("2026-11-09T00:00:00Z"), end: d("2026-11-16T00:00:00Z") });
  });

  it("accepts timestamps up to 35 days back and 5 minutes ahead", () => {
    const now = d("2026-11-21T00:00:00Z").getTime();
    expect(timestampProblem(new Date(now - 35 * 86_400_000), now)).toBeNull();
    expect(timestampProblem(new Date(now - 35 * 86_400_000 - 1), now)).toMatch(/35 days/);
    expect(timestampProblem(new Date(now + 5 * 60_000), now)).toBeNull();
    expect(timestampProblem(new Date(now + 5 * 60_000 + 1), now)).toMatch(/future/);
    expect(timestampProblem(new Date("garbage"), now)).toMatch(/ISO/);
  });

  it("parses YYYY-MM and reports crossed thresholds once", () => {
    expect(parseMonth("2026-02")).toEqual({ start: d("2026-02-01T00:00:00Z"), end: d("2026-03-01T00:00:00Z") });
    expect(parseMonth("2026-13")).toBeNull();
    expect(crossedThresholds(0, 49, 100)).toEqual([]);
    expect(crossedThresholds(49, 50, 100)).toEqual([50]);
    expect(crossedThresholds(10, 120, 100)).toEqual([50, 80, 100]);
    expect(crossedThresholds(80, 99, 100)).toEqual([]);
    expect(crossedThresholds(0, 10, null)).toEqual([]);
  });
});
