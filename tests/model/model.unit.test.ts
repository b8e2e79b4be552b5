import { describe, expect, it } from "vitest";
import { BillingModel, DAY, addMonths, calendarMonth, type Command } from "./model";

/** Hand-computed cases: every expected number below is worked out in the comment next to it. */
const T = (iso: string) => Date.parse(iso) / 1000;
const T0 = T("2027-01-10T12:00:00Z");

function run(cmds: Command[], start = T0) {
  const m = new BillingModel(start);
  const outcomes = cmds.map((c) => m.apply(c));
  return { m, outcomes };
}

describe("calendar", () => {
  it("monthly periods keep the anchor day, clamped to short months (Jan 31 → Feb 28 → Mar 31)", () => {
    const a = T("2027-01-31T08:30:00Z");
    expect(new Date(addMonths(a, 1) * 1000).toISOString()).toBe("2027-02-28T08:30:00.000Z");
    expect(new Date(addMonths(a, 2) * 1000).toISOString()).toBe("2027-03-31T08:30:00.000Z");
    expect(new Date(addMonths(T("2028-02-29T00:00:00Z"), 12) * 1000).toISOString()).toBe("2029-02-28T00:00:00.000Z");
    expect(calendarMonth(T("2027-12-15T00:00:00Z"))).toEqual({ start: T("2027-12-01T00:00:00Z"), end: T("2028-01-01T00:00:00Z") });
  });
});

describe("issue 13's walk: Pro monthly + WELCOME20 → Enterprise in the trial", () => {
  it("the trial converts at $399.20 and the next renewal with 50,000 calls is $399.20 again", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: "WELCOME20", card: "ok" },
      { t: "change", at: T0 + 5 * DAY, plan: "enterprise", interval: "month" },
      { t: "advance", to: T0 + 14 * DAY + 60 },
    ]);
    // trial invoice $0, then the trial-end invoice: Enterprise $499.00 − 20 % ($99.80) = $399.20
    expect(m.invoices.map((i) => [i.reason, i.subtotal, i.discount, i.total])).toEqual([
      ["subscription_create", 0, 0, 0],
      ["subscription_cycle", 49_900, 9_980, 39_920],
    ]);
    const conv = m.invoices[1]!;
    expect(conv.lines.find((l) => l.kind === "plan")).toMatchObject({ plan: "enterprise", amount: 49_900, periodStart: T0 + 14 * DAY, periodEnd: addMonths(T0 + 14 * DAY, 1) });
    expect(conv.lines.find((l) => l.kind === "usage")).toMatchObject({ quantity: 0, amount: 0, periodStart: T0, periodEnd: T0 + 14 * DAY });
    expect(conv.status).toBe("paid");
    // 50,000 calls: half of Enterprise's 100,000 → no overage; the status API says so
    m.apply({ t: "usage", at: T0 + 20 * DAY, metric: "api_calls", quantity: 50_000 });
    const st = m.status();
    expect(st).toMatchObject({ tier: "enterprise", status: "active", overageAmountCents: 0 });
    expect(st.usage.api_calls).toEqual({ current: 50_000, included: 100_000, remaining: 50_000, overage: 0, overage_amount_cents: 0 });
    // next renewal 24 Feb + 1 month = 24 Mar, still inside WELCOME20's 3 months (until 10 Apr): $399.20
    m.apply({ t: "advance", to: addMonths(T0 + 14 * DAY, 1) + 60 });
    const renewal = m.invoices[2]!;
    expect([renewal.subtotal, renewal.discount, renewal.total]).toEqual([49_900, 9_980, 39_920]);
    expect(renewal.lines.find((l) => l.kind === "usage")).toMatchObject({ plan: "enterprise", quantity: 50_000, amount: 0 });
    // 24 Mar is still before 10 Apr (3 discounted invoices: 24 Jan, 24 Feb, 24 Mar); 24 Apr is not
    m.apply({ t: "advance", to: addMonths(T0 + 14 * DAY, 3) + 60 });
    expect(m.invoices.slice(3).map((i) => [i.discount, i.total])).toEqual([[9_980, 39_920], [0, 49_900]]);
    // the then-amount of the preview applies the discount only while it is still in force
    expect(m.thenAmount("enterprise", "month", T0 + 20 * DAY)).toBe(39_920);
    expect(m.thenAmount("enterprise", "month", T0 + 100 * DAY)).toBe(49_900);
  });
});

describe("proration by seconds", () => {
  it("Starter → Pro with 10 of 31 days left: −$9.35 and +$31.94 (each rounded), charged at once", () => {
    const start = T("2027-01-01T00:00:00Z"); // Enterprise has no trial; use a second customer for Starter after its trial
    const { m } = run([{ t: "onboard", at: start, plan: "starter", interval: "month", code: null, card: "ok" }], start);
    // trial 1 Jan → 15 Jan; first paid period 15 Jan → 15 Feb (31 days)
    m.apply({ t: "advance", to: T("2027-01-15T00:00:01Z") });
    const at = T("2027-02-05T00:00:00Z"); // 10 days before 15 Feb
    expect(m.apply({ t: "change", at, plan: "pro", interval: "month" })).toEqual({ ok: true, kind: "upgrade" });
    const up = m.invoices.at(-1)!;
    // 2,900 × 10/31 = 935.48 → 935; 9,900 × 10/31 = 3,193.55 → 3,194
    expect(up.lines.map((l) => [l.kind, l.plan, l.amount])).toEqual([["unused", "starter", -935], ["remaining", "pro", 3_194]]);
    expect([up.reason, up.total, up.status]).toEqual(["subscription_update", 2_259, "paid"]);
    expect(up.lines[0]).toMatchObject({ periodStart: at, periodEnd: T("2027-02-15T00:00:00Z") });
  });

  it("monthly → yearly starts a yearly period now: unused month credit + $990 + the cut period's overage", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "enterprise", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "api_calls", quantity: 100_250 },
    ]);
    // Enterprise has no trial: period 10 Jan → 10 Feb (31 days); change 15.5 days in
    const at = T0 + 15.5 * DAY;
    expect(m.apply({ t: "change", at, plan: "enterprise", interval: "year" })).toEqual({ ok: true, kind: "interval_up" });
    const inv = m.invoices.at(-1)!;
    // unused: 49,900 × 15.5/31 = 24,950; yearly 499,000; overage 250 × 1¢ = 250
    expect(inv.lines.map((l) => [l.kind, l.amount])).toEqual([["unused", -24_950], ["plan", 499_000], ["usage", 250]]);
    expect(inv.total).toBe(474_300);
    expect(m.status()).toMatchObject({ periodStart: at, periodEnd: addMonths(at, 12) });
    expect(m.status().usage.api_calls.included).toBe(1_200_000);
  });
});

describe("discount codes", () => {
  it("PRO50 (once) skips the $0 trial invoice and takes 50 % off the first paid one only", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: "PRO50", card: "ok" },
      { t: "advance", to: addMonths(T0 + 14 * DAY, 1) + 1 },
    ]);
    expect(m.invoices.map((i) => [i.total, i.discountCode])).toEqual([[0, null], [4_950, "PRO50"], [9_900, null]]);
  });

  it("LAUNCH10 takes $10.00 off once; PRO50 on Starter is refused", () => {
    const { m, outcomes } = run([
      { t: "onboard", at: T0, plan: "starter", interval: "year", code: "PRO50", card: "ok" },
      { t: "onboard", at: T0, plan: "starter", interval: "year", code: "LAUNCH10", card: "ok" },
      { t: "advance", to: T0 + 14 * DAY + 1 },
    ]);
    expect(outcomes[0]).toEqual({ ok: false, reason: "invalid_discount" });
    expect(m.invoices.map((i) => i.total)).toEqual([0, 28_000]); // $290 − $10
  });
});

describe("usage and allowances", () => {
  it("overage is billed in arrears on the renewal, priced by the plan at the period end", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "api_calls", quantity: 3_000 }, // trial usage: never charged
      { t: "advance", to: T0 + 14 * DAY + 1 },
      { t: "usage", at: T0 + 20 * DAY, metric: "api_calls", quantity: 12_345 },
    ]);
    expect(m.invoices[1]!.lines.find((l) => l.kind === "usage")).toMatchObject({ quantity: 3_000, amount: 0 });
    // 12,345 − 10,000 = 2,345 × 2¢ = $46.90
    expect(m.status().usage.api_calls).toEqual({ current: 12_345, included: 10_000, remaining: 0, overage: 2_345, overage_amount_cents: 4_690 });
    m.apply({ t: "advance", to: addMonths(T0 + 14 * DAY, 1) + 1 });
    const inv = m.invoices[2]!;
    expect(inv.lines.map((l) => [l.kind, l.quantity, l.amount])).toEqual([["plan", 1, 9_900], ["usage", 12_345, 4_690]]);
    expect(inv.lines[1]).toMatchObject({ periodStart: T0 + 14 * DAY, periodEnd: addMonths(T0 + 14 * DAY, 1) });
    expect(inv.total).toBe(14_590);
    // the new period starts at 0
    expect(m.status().usage.api_calls.current).toBe(0);
  });

  it("trial overage shows its units at $0; an upgrade mid-period gives the whole period the new plan's allowance", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "starter", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "api_calls", quantity: 1_500 },
    ]);
    expect(m.status().usage.api_calls).toMatchObject({ overage: 500, overage_amount_cents: 0 });
    m.apply({ t: "advance", to: T0 + 14 * DAY + 1 });
    m.apply({ t: "usage", at: T0 + 15 * DAY, metric: "api_calls", quantity: 5_000 });
    expect(m.status().usage.api_calls).toMatchObject({ overage: 4_000, overage_amount_cents: 12_000 });
    m.apply({ t: "change", at: T0 + 16 * DAY, plan: "pro", interval: "month" });
    expect(m.status().usage.api_calls).toMatchObject({ included: 10_000, overage: 0, overage_amount_cents: 0 });
  });

  it("a downgrade waits for the period end; the ended period is priced by the old plan", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "enterprise", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "api_calls", quantity: 100_010 },
      { t: "change", at: T0 + 2 * DAY, plan: "pro", interval: "month" },
    ]);
    expect(m.status().tier).toBe("enterprise");
    expect(m.invoices).toHaveLength(1);
    m.apply({ t: "advance", to: addMonths(T0, 1) + 1 });
    const inv = m.invoices[1]!;
    expect(inv.lines.map((l) => [l.kind, l.plan, l.amount])).toEqual([["plan", "pro", 9_900], ["usage", "enterprise", 10]]);
    expect(m.status()).toMatchObject({ tier: "pro", periodStart: addMonths(T0, 1) });
  });

  it("seats: inviting past the plan's seats is refused (Free 1, Starter 3, Enterprise unlimited)", () => {
    const { m, outcomes } = run([{ t: "invite", at: T0 }]);
    expect(outcomes).toEqual([{ ok: false, reason: "seat_limit" }]);
    m.apply({ t: "onboard", at: T0, plan: "starter", interval: "month", code: null, card: "ok" });
    expect([1, 2, 3].map(() => m.apply({ t: "invite", at: T0 }).ok)).toEqual([true, true, false]);
    expect(m.status().usage.seats).toMatchObject({ current: 3, included: 3, remaining: 0 });
  });

  it("gauges are current totals and survive a renewal", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "enterprise", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "storage_gb", quantity: 12 },
      { t: "members", at: T0 + DAY, count: 3 },
      { t: "advance", to: addMonths(T0, 1) + 1 },
    ]);
    expect(m.status().usage.storage_gb.current).toBe(12);
    expect(m.status().usage.seats).toMatchObject({ current: 3, included: null });
  });
});

describe("cancel and resume", () => {
  it("cancel at period end bills only the overage and moves to Free; resume undoes it", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "enterprise", interval: "month", code: null, card: "ok" },
      { t: "cancel", at: T0 + DAY },
      { t: "resume", at: T0 + 2 * DAY },
      { t: "cancel", at: T0 + 3 * DAY },
      { t: "usage", at: T0 + 4 * DAY, metric: "api_calls", quantity: 100_300 },
      { t: "advance", to: addMonths(T0, 1) + 1 },
    ]);
    expect(m.invoices.map((i) => [i.reason, i.total])).toEqual([["subscription_create", 49_900], ["subscription_final", 300]]);
    expect(m.status()).toMatchObject({ tier: "free", status: "free", hasSubscription: false });
  });

  it("cancelling in a trial ends it at the trial end with nothing charged", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: null, card: "ok" },
      { t: "usage", at: T0 + DAY, metric: "api_calls", quantity: 50_000 },
      { t: "cancel", at: T0 + 2 * DAY },
      { t: "advance", to: T0 + 30 * DAY },
    ]);
    expect(m.invoices.map((i) => i.total)).toEqual([0]);
    // §2: told 3 days before the trial end (it is still trialing then; the notice says it ends with the trial)
    expect(m.notifications.map((n) => [n.kind, n.at])).toEqual([["trial_ending", T0 + 11 * DAY], ["subscription_ended", T0 + 14 * DAY]]);
  });
});

describe("failed payments", () => {
  it("past_due → restricted after 7 days → retries on days 3, 8, 15 → cancelled at the 4th failure", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: null, card: "decline" },
      { t: "advance", to: T0 + 14 * DAY + 1 },
    ]);
    expect(m.status()).toMatchObject({ tier: "pro", status: "past_due", restricted: false });
    m.apply({ t: "advance", to: T0 + 21 * DAY + 2 });
    expect(m.status()).toMatchObject({ tier: "free", status: "past_due", restricted: true, hasSubscription: false });
    m.apply({ t: "advance", to: T0 + 40 * DAY });
    expect(m.notifications.map((n) => n.kind)).toEqual(["trial_ending", "payment_failed", "payment_failed", "restricted", "payment_failed", "payment_failed", "subscription_ended"]);
    expect(m.notifications.filter((n) => n.kind === "payment_failed").map((n) => (n.at - (T0 + 14 * DAY)) / DAY)).toEqual([0, 3, 8, 15]);
    expect(m.status()).toMatchObject({ tier: "free", status: "free" });
  });

  it("a working default card pays the open invoice at once and restores the plan", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "starter", interval: "month", code: null, card: "decline" },
      { t: "advance", to: T0 + 23 * DAY },
    ]);
    expect(m.status().restricted).toBe(true);
    expect(m.apply({ t: "card", at: T0 + 23 * DAY, card: "ok" })).toEqual({ ok: true, kind: "paid_overdue" });
    expect(m.invoices[1]).toMatchObject({ status: "paid", total: 2_900 });
    expect(m.status()).toMatchObject({ tier: "starter", status: "active", restricted: false });
    expect(m.notifications.at(-1)!.kind).toBe("payment_recovered");
  });

  it("a card that fails at sign-up for a plan without trial creates nothing", () => {
    const { m, outcomes } = run([{ t: "onboard", at: T0, plan: "enterprise", interval: "month", code: null, card: "decline" }]);
    expect(outcomes[0]).toEqual({ ok: false, reason: "card_declined" });
    expect(m.invoices).toEqual([]);
    expect(m.status().tier).toBe("free");
  });
});

describe("credits", () => {
  it("spends purchased → subscription → promotional, soonest expiry first; expiry writes off; never below 0", () => {
    const { m } = run([
      { t: "grant", at: T0, source: "promotional", amount: 30, expiresAt: null },
      { t: "grant", at: T0, source: "subscription", amount: 50, expiresAt: T0 + 10 * DAY },
      { t: "grant", at: T0, source: "subscription", amount: 40, expiresAt: T0 + 5 * DAY },
      { t: "grant", at: T0, source: "purchased", amount: 100, expiresAt: null },
    ]);
    expect(m.apply({ t: "consume", at: T0, amount: 130 })).toEqual({ ok: true });
    // purchased 100 → 0; subscription: the 40 expiring sooner gives 30 → 10 left, the 50 untouched
    expect(m.creditsBySource()).toEqual({ purchased: 0, subscription: 60, promotional: 30, adjustment: 0 });
    expect(m.apply({ t: "consume", at: T0, amount: 91 })).toEqual({ ok: false, reason: "insufficient_credits" });
    m.apply({ t: "advance", to: T0 + 6 * DAY });
    expect(m.creditsBySource()).toEqual({ purchased: 0, subscription: 50, promotional: 30, adjustment: 0 });
  });

  it("a hold reserves; commit keeps what was used and returns the rest; release and expiry return all", () => {
    const { m } = run([{ t: "grant", at: T0, source: "purchased", amount: 100, expiresAt: null }]);
    m.apply({ t: "hold", at: T0, id: "h1", amount: 60 });
    expect(m.creditBalance()).toBe(40);
    expect(m.apply({ t: "commit", at: T0, id: "h1", amount: 61 })).toEqual({ ok: false, reason: "amount_exceeds_hold" });
    m.apply({ t: "commit", at: T0, id: "h1", amount: 25 });
    expect(m.creditBalance()).toBe(75);
    m.apply({ t: "hold", at: T0, id: "h2", amount: 70 });
    expect(m.apply({ t: "release", at: T0, id: "h2" })).toEqual({ ok: true });
    // A committed hold cannot be released; releasing a released one again changes nothing.
    expect(m.apply({ t: "release", at: T0, id: "h1" })).toEqual({ ok: false, reason: "hold_not_active" });
    expect(m.apply({ t: "release", at: T0, id: "h2" })).toEqual({ ok: true });
    expect(m.creditBalance()).toBe(75);
    m.apply({ t: "hold", at: T0, id: "h3", amount: 75 });
    expect(m.creditBalance()).toBe(0);
    m.apply({ t: "advance", to: T0 + 15 * 60 });
    expect(m.creditBalance()).toBe(75);
    expect(m.apply({ t: "commit", at: T0 + 15 * 60, id: "h3", amount: 1 })).toEqual({ ok: false, reason: "hold_not_active" });
  });

  it("subscription credits: granted with each paid period's first invoice (trial included), expiring at its end", () => {
    const { m } = run([
      { t: "onboard", at: T0, plan: "pro", interval: "month", code: null, card: "ok" },
    ]);
    expect(m.creditsBySource().subscription).toBe(5_000);
    m.apply({ t: "change", at: T0 + DAY, plan: "enterprise", interval: "month" });
    expect(m.creditsBySource().subscription).toBe(5_000); // a change adds none to the current period
    m.apply({ t: "advance", to: T0 + 14 * DAY });
    expect(m.creditsBySource().subscription).toBe(25_000); // the trial's 5,000 expired at the trial end
  });
});
