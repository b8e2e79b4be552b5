import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { notifications } from "@/db/schema";
import { sandbox } from "@/tests/sandbox";
import { latestSubscription, onboardOrg, routeWebhooksToApp, settle } from "./lifecycle-helpers";

/**
 * Issue 13 item 5 (docs/BILLING.md §2, §8): "Your trial ends soon" only while the subscription is still
 * trialing — not when the trial_will_end event lands after the trial converted and was paid — and every
 * paid invoice above $0 produces a receipt. Pro monthly with a 4242 card: the trial-end invoice is $99.00.
 */
const HOUR = 3_600_000;
let stopRouting: () => void;
beforeAll(async () => {
  stopRouting = await routeWebhooksToApp();
});
afterAll(() => stopRouting());

const notes = (orgId: string) => db.select().from(notifications).where(eq(notifications.orgId, orgId));

describe("trial-ending notice and receipts", () => {
  it("a clock jump past the trial end: paid, a receipt for $99.00, and no 'trial ends soon / add a payment method'", async () => {
    const { orgId } = await onboardOrg({ name: "Jumped Trial", planKey: "pro", interval: "month" });
    const sub = await latestSubscription(orgId);
    expect(sub.status).toBe("trialing");
    await (await sandbox()).clock.advance({ to: new Date(sub.trialEnd!.getTime() + HOUR) });
    await settle(orgId);
    expect((await latestSubscription(orgId)).status).toBe("active");
    const list = await notes(orgId);
    expect(list.filter((n) => n.kind === "trial_ending")).toEqual([]);
    expect(list.filter((n) => /add a payment method/i.test(n.body))).toEqual([]);
    const receipts = list.filter((n) => n.kind === "receipt");
    expect(receipts.map((n) => n.title)).toEqual(["Receipt: $99.00 paid"]);
    expect(receipts[0]!.body).toMatch(/\/sandbox\/invoices\/in_/);
  });

  it("three days before the trial end, while still trialing, the notice is sent once and names the charge", async () => {
    const { orgId } = await onboardOrg({ name: "Trial Notice", planKey: "pro", interval: "month" });
    const sub = await latestSubscription(orgId);
    await (await sandbox()).clock.advance({ to: new Date(sub.trialEnd!.getTime() - 2 * 24 * HOUR) });
    await settle(orgId);
    const list = (await notes(orgId)).filter((n) => n.kind === "trial_ending");
    expect(list).toHaveLength(1);
    expect(list[0]!.body).toMatch(/will then be charged \$99\.00/);
    expect((await notes(orgId)).filter((n) => n.kind === "receipt")).toEqual([]);
  });
});
