import { describe, expect, it, beforeAll } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "@/db";
import { takeSnapshot } from "../take-snapshot";
import { monthFigures } from "../month-figures";
import { getOverview } from "../get-overview";
import { makeInvoice, makeOrg, makeSub, setSub } from "./fixture";
import { rows, n } from "../rows";

/**
 * The hand-computed month of docs/METRICS.md ("Worked example"): March 2031.
 *
 * Baseline (snapshot 2031-02-28)            → end of March (snapshot 2031-03-31)
 *   A starter monthly   2 900                 A   2 900 (steady)
 *   B pro monthly       9 900                 B   2 900 (downgrade: contraction 7 000)
 *   C starter monthly   2 900                 C   9 900 (upgrade: expansion 7 000)
 *   D pro yearly 99 000 → 8 250               D   8 250 (steady, 1/12)
 *   F starter monthly   2 900                 F   canceled (churned 2 900)
 *   I starter yearly 29 000 → 2 417           I   past_due (not MRR: churned 2 417)
 *   G trialing (0)                            G   active pro 9 900 on 03-15 (new 9 900, trial converted)
 *   H trialing (0)                            H   canceled on 03-31 (trial ended, not converted)
 *   —                                         E   new pro monthly, 25 % off: 7 425
 *   —                                         J   trialing (0)
 */
const FEB = (d: number) => new Date(Date.UTC(2031, 1, d));
const MAR = (d: number) => new Date(Date.UTC(2031, 2, d));

describe("metric definitions on a hand-computed month", () => {
  const orgs: Record<string, string> = {};
  const subs: Record<string, string> = {};

  beforeAll(async () => {
    for (const k of ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]) orgs[k] = await makeOrg(`Fixture ${k}`);
    const jan = new Date(Date.UTC(2031, 0, 5));
    subs.A = await makeSub({ orgId: orgs.A!, planKey: "starter", status: "active", amountCents: 2900, createdAt: jan });
    subs.B = await makeSub({ orgId: orgs.B!, planKey: "pro", status: "active", amountCents: 9900, createdAt: jan });
    subs.C = await makeSub({ orgId: orgs.C!, planKey: "starter", status: "active", amountCents: 2900, createdAt: jan });
    subs.D = await makeSub({ orgId: orgs.D!, planKey: "pro", interval: "year", status: "active", amountCents: 99000, createdAt: jan });
    subs.F = await makeSub({ orgId: orgs.F!, planKey: "starter", status: "active", amountCents: 2900, createdAt: jan });
    subs.I = await makeSub({ orgId: orgs.I!, planKey: "starter", interval: "year", status: "active", amountCents: 29000, createdAt: jan });
    subs.G = await makeSub({ orgId: orgs.G!, planKey: "pro", status: "trialing", amountCents: 9900, createdAt: FEB(20), trialEnd: MAR(6) });
    subs.H = await makeSub({ orgId: orgs.H!, planKey: "starter", status: "trialing", amountCents: 2900, createdAt: FEB(25), trialEnd: MAR(11) });
    // Invoices: only March's paid ones count; overage = lines on an overage price.
    await makeInvoice({ orgId: orgs.C!, status: "paid", paidCents: 11134, paidAt: MAR(5), lines: [{ amountCents: 9900, lookupKey: "pro_monthly" }, { amountCents: 1234, lookupKey: "pro_api_calls_overage_monthly" }] });
    await makeInvoice({ orgId: orgs.E!, status: "paid", paidCents: 7425, paidAt: MAR(10), lines: [{ amountCents: 7425, lookupKey: "pro_monthly" }] });
    await makeInvoice({ orgId: orgs.B!, status: "open", paidCents: 10400, paidAt: null, lines: [{ amountCents: 500, lookupKey: "pro_api_calls_overage_monthly" }] });
    await makeInvoice({ orgId: orgs.A!, status: "paid", paidCents: 3899, paidAt: FEB(20), lines: [{ amountCents: 999, lookupKey: "starter_api_calls_overage_monthly" }] });
  });

  const scope = () => ({ orgIds: Object.values(orgs) });

  it("baseline day: yearly counts 1/12 (rounded), trials are not MRR", async () => {
    const { rollup, subscriptions } = await takeSnapshot({ day: "2031-02-28", ...scope() });
    expect(subscriptions).toBe(8);
    expect(rollup.mrrCents).toBe(2900 + 9900 + 2900 + 8250 + 2900 + 2417);
    expect(rollup.activeSubscriptions).toBe(6);
    expect(rollup.trialingSubscriptions).toBe(2);
    expect(rollup.payingCustomers).toBe(6);
  });

  it("mid-month: the converted trial is counted", async () => {
    await setSub(subs.G!, { status: "active" });
    const { rollup } = await takeSnapshot({ day: "2031-03-15", ...scope() });
    expect(rollup.trialsEnded).toBe(1);
    expect(rollup.trialsConverted).toBe(1);
    expect(rollup.newMrrCents).toBe(9900);
    expect(rollup.baselineMrrCents).toBe(29267);
  });

  it("end of month: every figure to the cent", async () => {
    await setSub(subs.B!, { planKey: "starter", amountCents: 2900 });
    await setSub(subs.C!, { planKey: "pro", amountCents: 9900 });
    await setSub(subs.F!, { status: "canceled", canceledAt: MAR(20) });
    await setSub(subs.I!, { status: "past_due", pastDueSince: MAR(25) });
    await setSub(subs.H!, { status: "canceled", canceledAt: MAR(11) });
    subs.E = await makeSub({ orgId: orgs.E!, planKey: "pro", status: "active", amountCents: 7425, createdAt: MAR(10), discount: [{ coupon: "QUARTER", percentOff: 25 }] });
    subs.J = await makeSub({ orgId: orgs.J!, planKey: "pro", status: "trialing", amountCents: 9900, createdAt: MAR(20), trialEnd: new Date(Date.UTC(2031, 3, 3)) });

    const first = await takeSnapshot({ day: "2031-03-31", ...scope() });
    const again = await takeSnapshot({ day: "2031-03-31", ...scope() }); // idempotent per day
    expect(again.subscriptions).toBe(first.subscriptions);
    expect(first.subscriptions).toBe(8); // A B C D E G I J (F and H canceled)
    const [{ count }] = (await rows(db, sql`select count(*) as count from subscription_snapshots where day = '2031-03-31'::date and org_id in (${sql.join(Object.values(orgs).map((o) => sql`${o}`), sql`, `)})`)) as [{ count: unknown }];
    expect(n(count)).toBe(8);

    const f = monthFigures(again.rollup);
    expect(f).toMatchObject({
      month: "2031-03",
      mrrCents: 41275,
      arrCents: 495300,
      activeSubscriptions: 6,
      trialingSubscriptions: 1,
      pastDueSubscriptions: 1,
      payingCustomers: 6,
      baselineMrrCents: 29267,
      newMrrCents: 17325,
      expansionMrrCents: 7000,
      contractionMrrCents: 7000,
      churnedMrrCents: 5317,
      netNewMrrCents: 12008,
      customersAtStart: 6,
      churnedCustomers: 2,
      arpuCents: 6879,
      clvCents: 20637,
      revenueCents: 18559,
      overageRevenueCents: 1234,
      trialsEnded: 2,
      trialsConverted: 1,
      trialConversionRate: 0.5,
    });
    expect(f.customerChurnRate).toBeCloseTo(1 / 3, 10);
    expect(f.baselineMrrCents + f.netNewMrrCents).toBe(f.mrrCents);
  });

  it("the overview reads one rollup row per month", async () => {
    // The overview is global (not scoped); these far-future days hold only this file's rollups.
    const o = await getOverview({ asOf: "2031-03-31", months: 2 });
    expect(o.months.map((m) => m.month)).toEqual(["2031-02", "2031-03"]);
    expect(o.months[0]!.figures?.asOf).toBe("2031-02-28");
    expect(o.months[1]!.figures?.asOf).toBe("2031-03-31");
    expect(o.current?.mrrCents).toBe(41275);
    const mid = await getOverview({ asOf: "2031-03-20", months: 1 });
    expect(mid.current?.asOf).toBe("2031-03-15");
  });

  it("rejects a malformed day", async () => {
    await expect(getOverview({ asOf: "2031-02-30" })).rejects.toThrow(/calendar day/);
  });
});
