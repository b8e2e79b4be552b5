import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { auditLog, organizations, users } from "@/db/schema";
import { randomBase62 } from "@/lib/ids";

/** Who auth() says is signed in (null = nobody). */
// next.config.ts enables experimental.authInterrupts (forbidden()); Next sets this for the app at build time.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const stats = await import("@/app/api/admin/stats/route");
const healthRoute = await import("@/app/api/admin/health/route");
const billingHealth = await import("@/app/api/health/billing/route");
const actions = await import("@/app/admin/actions");
const pages = {
  "/admin": (await import("@/app/admin/page")).default,
  "/admin/organizations": (await import("@/app/admin/organizations/page")).default,
  "/admin/organizations/[id]": (await import("@/app/admin/organizations/[id]/page")).default,
  "/admin/invoices": (await import("@/app/admin/invoices/page")).default,
  "/admin/health": (await import("@/app/admin/health/page")).default,
  "/admin/webhooks": (await import("@/app/admin/webhooks/page")).default,
  "/admin/audit": (await import("@/app/admin/audit/page")).default,
} as unknown as Record<string, (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<React.ReactElement>>;

let adminId = "";
let userId = "";
let orgId = "";
const ctx = { params: Promise.resolve({}) };
const get = (url: string) => new NextRequest(`http://localhost${url}`);
const props = (params: Record<string, string> = {}, searchParams: Record<string, string> = {}) => ({ params: Promise.resolve(params), searchParams: Promise.resolve(searchParams) });

beforeAll(async () => {
  await db.insert(users).values({ email: "admin@example.com", name: "Admin", emailVerified: new Date() }).onConflictDoUpdate({ target: users.email, set: { emailVerified: new Date() } });
  adminId = (await db.select().from(users).where(eq(users.email, "admin@example.com")))[0]!.id;
  const [u] = await db.insert(users).values({ email: `user_${randomBase62(8)}@example.com`, name: "User" }).returning();
  userId = u!.id;
  orgId = `org_${randomBase62(10)}`;
  await db.insert(organizations).values({ id: orgId, name: "Access Co" });
});

describe("admin access", () => {
  it("401 signed out, 403 for a non-admin on every /api/admin endpoint", async () => {
    session.userId = null;
    expect((await stats.GET(get("/api/admin/stats"), ctx)).status).toBe(401);
    session.userId = userId;
    for (const h of [stats.GET, healthRoute.GET]) {
      const res = await h(get("/api/admin/x"), ctx);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
  });

  it("403 for a non-admin on every /admin page", async () => {
    session.userId = userId;
    for (const [path, Page] of Object.entries(pages)) {
      const err = await Page(props({ id: orgId })).then(
        () => null,
        (e: unknown) => e as { digest?: string },
      );
      expect(err?.digest, path).toMatch(/NEXT_HTTP_ERROR_FALLBACK;403/);
    }
  });

  it("server actions refuse non-admins and write nothing", async () => {
    session.userId = userId;
    const res = await actions.adjustCreditsAction({ orgId, kind: "grant", amount: 10, reason: "test", idempotencyKey: "abcdefgh1" });
    expect(res).toEqual({ ok: false, error: { code: "forbidden", message: expect.any(String) } });
    expect(await db.select().from(auditLog).where(eq(auditLog.orgId, orgId))).toHaveLength(0);
  });

  it("an admin gets the JSON figures and lists", async () => {
    session.userId = adminId;
    const s = await stats.GET(get("/api/admin/stats?months=3"), ctx);
    expect(s.status).toBe(200);
    const body = await s.json();
    expect(body.months).toHaveLength(3);
    const bad = await stats.GET(get("/api/admin/stats?asOf=yesterday"), ctx);
    expect(bad.status).toBe(400);
    const h = await healthRoute.GET(get("/api/admin/health"), ctx);
    expect(h.status).toBe(200);
    expect(Object.keys(await h.json()).sort()).toEqual(["alerts", "cancelling", "gracePeriodDays", "incomplete", "outOfSync", "pastDue", "trialsEnding"]);
  });

  it("an admin's credit grant is audited with the admin as actor; bad input is a 400-style error", async () => {
    session.userId = adminId;
    const ok = await actions.adjustCreditsAction({ orgId, kind: "grant", amount: 250, reason: "Outage credit", idempotencyKey: "grant-key-1" });
    expect(ok).toEqual({ ok: true, data: { balance: 250, duplicate: false } });
    const dup = await actions.adjustCreditsAction({ orgId, kind: "grant", amount: 250, reason: "Outage credit", idempotencyKey: "grant-key-1" });
    expect(dup).toEqual({ ok: true, data: { balance: 250, duplicate: true } });
    const down = await actions.adjustCreditsAction({ orgId, kind: "adjust", amount: -100, reason: "Correction", idempotencyKey: "adjust-key-1" });
    expect(down).toEqual({ ok: true, data: { balance: 150, duplicate: false } });
    const tooMuch = await actions.adjustCreditsAction({ orgId, kind: "adjust", amount: -1000, reason: "Correction", idempotencyKey: "adjust-key-2" });
    expect(tooMuch.ok).toBe(false);
    const noReason = await actions.adjustCreditsAction({ orgId, kind: "grant", amount: 5, reason: "", idempotencyKey: "grant-key-2" });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.fields?.[0]?.field).toBe("reason");
    const rows = await db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(rows.map((r) => [r.action, r.actorType, r.actorId])).toEqual([
      ["credits.granted", "admin", adminId],
      ["credits.adjusted", "admin", adminId],
    ]);
    expect(rows[1]!.after).toMatchObject({ balance: 150, amount: -100, reason: "Correction" });
  });

  it("renders every admin page for an admin", async () => {
    session.userId = adminId;
    for (const [path, Page] of Object.entries(pages)) {
      const html = renderToStaticMarkup(await Page(props({ id: orgId }, path === "/admin/invoices" ? { status: "bogus" } : {})));
      expect(html.length, path).toBeGreaterThan(200);
    }
    const detail = renderToStaticMarkup(await pages["/admin/organizations/[id]"]!(props({ id: orgId })));
    expect(detail).toContain("Access Co");
    expect(detail).toContain("Outage credit");
    const invoices = renderToStaticMarkup(await pages["/admin/invoices"]!(props({}, { status: "bogus" })));
    expect(invoices).toContain("Some filters were invalid");
  });
});

describe("GET /api/health/billing", () => {
  it("is public, reports counts only, 200 when healthy", async () => {
    session.userId = null;
    const res = await billingHealth.GET(get("/api/health/billing"), ctx);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["database", "problems", "queue", "reconciler", "status", "stripe", "webhooks"]);
    expect(body.database).toBe("ok");
    expect(body.stripe.circuit).toBe("closed");
    expect(res.status).toBe(body.status === "ok" ? 200 : 503);
    expect(JSON.stringify(body)).not.toMatch(/org_|cus_|@/);
  });

  it("503 with 10 webhook failures in the last hour, or a stale reconciler", async () => {
    const { stripeEvents, reconciliationRuns } = await import("@/db/schema");
    const t = new Date();
    await db.insert(stripeEvents).values(
      Array.from({ length: 10 }, (_, i) => ({ id: `evt_fail_${i}`, type: "invoice.paid", created: t, payload: {}, status: "failed", attempts: 6, lastError: "boom", receivedAt: t })),
    );
    let res = await billingHealth.GET(get("/api/health/billing"), ctx);
    expect(res.status).toBe(503);
    let body = await res.json();
    expect(body.webhooks.failedLastHour).toBe(10);
    expect(body.problems).toEqual(["10 webhook failures in the last hour"]);
    await db.update(stripeEvents).set({ status: "processed" });
    await db.insert(reconciliationRuns).values({ id: "rec_old", startedAt: new Date(t.getTime() - 5 * 3_600_000), finishedAt: new Date(t.getTime() - 5 * 3_600_000), status: "drift", driftCount: 2 });
    res = await billingHealth.GET(get("/api/health/billing"), ctx);
    body = await res.json();
    expect(res.status).toBe(503);
    expect(body.reconciler).toMatchObject({ status: "drift", driftCount: 2 });
    expect(body.problems).toEqual(["reconciler has not run in the last 3 hours"]);
  });
});
