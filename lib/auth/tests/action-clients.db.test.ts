import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { memberships, organizations, users } from "@/db/schema";
import { randomBase62 } from "@/lib/ids";

/**
 * One action client per trust level (issue 14): the guard runs in the wrapper BEFORE the input is
 * parsed. Before, each action parsed first and called requireAdmin / requireOrgRole in its body, so a
 * stranger sending bad input learnt the action's validation rules ("admin server actions validate
 * input before checking the caller").
 */
vi.mock("@/lib/auth/auth", async (orig) => (await import("@/tests/request-mocks")).authModule(await orig()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { requestState } = await import("@/tests/request-mocks");
const admin = await import("@/app/admin/actions");
const billing = await import("@/app/(app)/billing/actions");
const { orgAction } = await import("@/lib/auth/action-clients");
const { z } = await import("zod");

let memberId = "";
let orgId = "";
beforeAll(async () => {
  const [u] = await db.insert(users).values({ email: `member_${randomBase62(8)}@example.com`, name: "Member" }).returning();
  memberId = u!.id;
  orgId = `org_${randomBase62(10)}`;
  await db.insert(organizations).values({ id: orgId, name: "Clients Co" });
  await db.insert(memberships).values({ orgId, userId: memberId, role: "member" });
});

describe("action clients check the caller before the input", () => {
  it("platform-admin actions: a signed-out caller or a non-admin with invalid input is refused, not told what is invalid", async () => {
    requestState.userId = null;
    expect(await admin.adjustCreditsAction({ nonsense: true })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    requestState.userId = memberId;
    for (const r of [await admin.adjustCreditsAction({ nonsense: true }), await admin.advanceClockAction({ advance: "forever" }), await admin.syncCustomerAction("x")]) {
      expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(JSON.stringify(r)).not.toMatch(/fields|expected/);
    }
  });

  it("organisation actions: a member below the role with invalid input is forbidden; a stranger's org is not_found", async () => {
    requestState.userId = memberId;
    expect(await billing.cancelAction({ orgId, reason: 42 as never })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await billing.cancelAction({ orgId: "org_nobody", reason: 42 as never })).toMatchObject({ ok: false, error: { code: "not_found" } });
    // No orgId in the input: never the active-organisation cookie, a not_found.
    requestState.activeOrg = orgId;
    expect(await orgAction("member", z.object({}), {}, async () => "ran")).toMatchObject({ ok: false, error: { code: "not_found" } });
    requestState.activeOrg = null;
  });

  it("a caller who passes the guard gets the validation errors, and the body its context", async () => {
    requestState.userId = memberId;
    const bad = await orgAction("member", z.object({ orgId: z.string(), n: z.number() }), { orgId, n: "x" }, async () => "ran");
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_request" } });
    const ok = await orgAction("member", z.object({ orgId: z.string() }), { orgId }, async (_d, ctx) => `${ctx.org.id}:${ctx.role}`);
    expect(ok).toEqual({ ok: true, data: `${orgId}:member` });
  });
});
