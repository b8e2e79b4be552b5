import { describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { db } from "@/db";
import { subscriptions, users } from "@/db/schema";
import { getOverview } from "../get-overview";
import { getHealthLists } from "../get-health-lists";
import { listOrganizations } from "../list-organizations";
import { seedDemoHistory } from "../seed-demo-history";

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

describe("demo history", () => {
  it("creates months of history once, visible in the overview, lists and health", async () => {
    const first = await seedDemoHistory();
    expect(first).toEqual({ created: true, organisations: 9, snapshots: 7 });
    const again = await seedDemoHistory();
    expect(again.created).toBe(false);

    const o = await getOverview({ months: 7 });
    const withFigures = o.months.filter((m) => m.figures);
    expect(withFigures).toHaveLength(7);
    // Six months ago every demo customer was new; churn (Hooli) shows two months ago.
    expect(o.months[0]!.figures!.newMrrCents).toBeGreaterThan(0);
    expect(o.months[4]!.figures!.churnedMrrCents).toBeGreaterThanOrEqual(2_900);
    expect(o.current!.mrrCents).toBeGreaterThan(0);
    expect(o.months.some((m) => (m.figures?.overageRevenueCents ?? 0) > 0)).toBe(true);

    const subs = await db.select().from(subscriptions).where(inArray(subscriptions.id, ["sub_hist_wayne", "sub_hist_piedpiper", "sub_hist_vandelay"]));
    expect(subs.map((s) => s.status).sort()).toEqual(["active", "past_due", "trialing"]);

    const health = await getHealthLists();
    expect(health.pastDue.find((p) => p.orgId === "org_hist_wayne")?.daysLeft).toBe(health.gracePeriodDays - 3);
    expect(health.trialsEnding.some((p) => p.orgId === "org_hist_piedpiper")).toBe(true);
    expect(health.cancelling.some((p) => p.orgId === "org_hist_vandelay")).toBe(true);

    const list = await listOrganizations({ q: "Acme Analytics" });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: "org_hist_acme", planKey: "pro", status: "active", mrrCents: 9_900, used: 11_850, included: 10_000, creditBalance: 5_000 });
    const sorted = await listOrganizations({ q: "org_hist_", sort: "mrr", dir: "desc", pageSize: 3 });
    expect(sorted.total).toBe(9);
    expect(sorted.pages).toBe(3);
    expect(sorted.items[0]!.id).toBe("org_hist_umbrella");
  });

  it("renders the overview, organisations, detail and health pages with the history", async () => {
    await db.insert(users).values({ email: "admin@example.com", name: "Admin", emailVerified: new Date() }).onConflictDoUpdate({ target: users.email, set: { emailVerified: new Date() } });
    session.userId = (await db.select().from(users).where(eq(users.email, "admin@example.com")))[0]!.id;
    const props = (params: Record<string, string> = {}, searchParams: Record<string, string> = {}) => ({ params: Promise.resolve(params), searchParams: Promise.resolve(searchParams) });
    const overview = renderToStaticMarkup(await (await import("@/app/admin/page")).default());
    for (const label of ["MRR", "ARR", "Active subscriptions", "New MRR", "Expansion MRR", "Contraction MRR", "Churned MRR", "Customer churn", "ARPU", "CLV", "Overage revenue", "Trial → paid", "MRR movements"]) {
      expect(overview).toContain(label);
    }
    const orgs = renderToStaticMarkup(await (await import("@/app/admin/organizations/page")).default(props({}, { q: "org_hist_", sort: "name", dir: "asc" })));
    expect(orgs).toContain("Acme Analytics");
    expect(orgs).toContain("$99.00");
    const detail = renderToStaticMarkup(await (await import("@/app/admin/organizations/[id]/page")).default({ params: Promise.resolve({ id: "org_hist_acme" }) }));
    expect(detail).toContain("HIST-ACME");
    expect(detail).toContain("Cancel subscription");
    const health = renderToStaticMarkup(await (await import("@/app/admin/health/page")).default());
    expect(health).toContain("Wayne Metrics");
    expect(health).toContain("Pied Piper");
    expect(health).toContain("Vandelay Industries");
  });
});
