import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { invoices, organizations } from "@/db/schema";
import { listInvoices } from "@/lib/billing/list-invoices";
import { newId } from "@/lib/ids";

/**
 * Issue 13 item 3 (docs/BILLING.md §9): a monthly renewal bills last period's usage in arrears and the
 * next month in advance. The list showed "15 Dec – 15 Feb" (min–max of all lines); it shows the
 * subscription period (15 Jan – 15 Feb) and the usage period (15 Dec – 15 Jan) each for what it is.
 */
describe("invoice periods", () => {
  it("a renewal: subscription period and usage period separately; an invoice without usage has no usage period", async () => {
    const orgId = newId("org");
    await db.insert(organizations).values({ id: orgId, name: "Periods Ltd" });
    const row = (id: string, created: string, lines: unknown[]) => ({
      id, orgId, customerId: "cus_periods", subscriptionId: "sub_periods", status: "paid", totalCents: 39_920, currency: "usd",
      periodStart: new Date("2026-12-15T10:00:00Z"), periodEnd: new Date("2027-02-15T10:00:00Z"), created: new Date(created), lines, syncedAt: new Date(created),
    });
    await db.insert(invoices).values([
      row("in_periods_renewal", "2027-01-15T10:00:00Z", [
        { id: "il_1", description: "50000 × Enterprise API calls overage (monthly) (usage 2026-12-15 – 2027-01-15)", amountCents: 0, priceId: "price_not_in_catalog_overage", quantity: 50000, proration: false, periodStart: "2026-12-15T10:00:00.000Z", periodEnd: "2027-01-15T10:00:00.000Z" },
        { id: "il_2", description: "1 × Enterprise monthly (at 499.00 / month)", amountCents: 49_900, priceId: "price_not_in_catalog_plan", quantity: 1, proration: false, periodStart: "2027-01-15T10:00:00.000Z", periodEnd: "2027-02-15T10:00:00.000Z" },
      ]),
      row("in_periods_first", "2026-12-15T10:00:00Z", [
        { id: "il_3", description: "1 × Enterprise monthly (at 499.00 / month)", amountCents: 49_900, priceId: "price_not_in_catalog_plan", quantity: 1, proration: false, periodStart: "2026-12-15T10:00:00.000Z", periodEnd: "2027-01-15T10:00:00.000Z" },
      ]),
    ]);
    const { data } = await listInvoices({ orgId });
    expect(data.map((i) => [i.id, i.periodStart, i.periodEnd, i.usagePeriodStart, i.usagePeriodEnd])).toEqual([
      ["in_periods_renewal", "2027-01-15T10:00:00.000Z", "2027-02-15T10:00:00.000Z", "2026-12-15T10:00:00.000Z", "2027-01-15T10:00:00.000Z"],
      ["in_periods_first", "2026-12-15T10:00:00.000Z", "2027-01-15T10:00:00.000Z", null, null],
    ]);
  });
});
