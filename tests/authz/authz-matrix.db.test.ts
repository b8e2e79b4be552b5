import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The authorization matrix (issue 8): every page, server action and route handler found under app/
 * is called as five personas and must answer exactly what tests/authz/matrix.ts says. A target with
 * no entry, or an entry whose target is gone, fails the first test.
 */
// next.config.ts enables experimental.authInterrupts (forbidden()); Next sets this for the app at build time.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

/** What Next.js would provide per request: the Auth.js session and the billing_org cookie. */
vi.mock("@/lib/auth/auth", async (importOriginal) => (await import("@/tests/request-mocks")).authModule(await importOriginal<typeof import("@/lib/auth/auth")>()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
}));

const { requestState: state } = await import("@/tests/request-mocks");
const { discover } = await import("./discover");
const { PERSONAS, buildWorld, teardownWorld } = await import("./fixtures");
const { callTarget, isRefusal, matches } = await import("./harness");
const { MATRIX } = await import("./matrix");
type World = import("./fixtures").World;
type Persona = import("./fixtures").Persona;

const targets = await discover();
let w: World;

beforeAll(async () => {
  w = await buildWorld();
}, 300_000);
afterAll(() => teardownWorld());

describe("authorization matrix", () => {
  it("covers every page, action and route handler under app/ (and nothing that is gone)", () => {
    const found = new Set(targets.map((t) => t.key));
    const missing = [...found].filter((k) => !(k in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !found.has(k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(targets.length).toBeGreaterThan(100);
  });

  for (const t of targets) {
    const entry = MATRIX[t.key];
    it.runIf(Boolean(entry))(`${t.key}  (${t.file})`, async () => {
      const got = {} as Record<Persona, string>;
      for (const p of PERSONAS) {
        const s = w.sessionFor(p);
        state.userId = s.userId;
        state.activeOrg = s.activeOrg;
        let auditBefore = 0;
        const r = await callTarget(t, entry!, w, p, async () => {
          auditBefore = await w.auditCountA();
        });
        const want = entry!.expect[p];
        // "redirect:/sandbox/portal/*?error" matches that redirect whatever the (random) id.
        got[p] = matches(want, r.outcome) ? want : r.outcome;
        // A refused call writes nothing: org A's audit trail is unchanged.
        if (isRefusal(r.outcome)) expect(await w.auditCountA(), `${t.key} as ${p}: refused, yet org A's audit log grew`).toBe(auditBefore);
        if (process.env.AUTHZ_PRINT === "2" && want !== got[p]) console.log(`AUTHZ-DIFF ${t.key} ${p}: ${got[p]} ${r.readable.slice(0, 300)}`);
        await w.afterCall();
        for (const secret of entry!.mustNotSee?.(w, p) ?? []) expect(r.readable.includes(secret), `${t.key}: ${p} can read ${secret}`).toBe(false);
        // Nothing of org A (its id or its name) ever reaches the other organisation.
        if (p === "other" && !entry!.leakOk) {
          expect(r.readable.includes(w.orgA.id), `${t.key}: org A's id leaked to org B's member`).toBe(false);
          expect(r.readable.includes(w.orgA.name), `${t.key}: org A's name leaked to org B's member`).toBe(false);
        }
      }
      if (process.env.AUTHZ_PRINT) console.log(`AUTHZ ${JSON.stringify(t.key)}: o(${["anon", "other", "member", "admin", "platform"].map((p) => JSON.stringify(got[p as Persona])).join(", ")})`);
      expect(got).toEqual(entry!.expect);
    });
  }
});

/**
 * API key scopes (issue 14): every API-key route declares the scope it needs; a key of org A with every
 * scope but that one is refused with 403 insufficient_scope naming it, before the handler runs; a key
 * with only that scope is not refused for scope.
 */
describe("authorization matrix: API key scopes", () => {
  const keyRoutes = targets.filter((t) => MATRIX[t.key]?.auth === "key");

  it("every API-key route declares its scope", () => {
    expect(keyRoutes.length).toBeGreaterThan(20);
    expect(keyRoutes.filter((t) => MATRIX[t.key]!.scope === undefined).map((t) => t.key)).toEqual([]);
  });

  for (const t of keyRoutes) {
    const entry = MATRIX[t.key]!;
    it.runIf(entry.scope !== undefined)(`${t.key} needs ${entry.scope ?? "any valid key"}`, async () => {
      const { API_SCOPES } = await import("@/lib/auth/api-key-scopes");
      const { createApiKey } = await import("@/lib/auth/create-api-key");
      const sys = { type: "system" as const, id: null };
      const as = async (scopes: (typeof API_SCOPES)[number][]) => {
        const { key } = await createApiKey({ orgId: w.orgA.id, name: `authz scopes ${scopes.join(" ")}`, actor: sys, scopes });
        const r = await callTarget(t, entry, { ...w, keyFor: () => key }, "member");
        await w.afterCall();
        return r;
      };
      if (entry.scope) {
        const without = await as(API_SCOPES.filter((x) => x !== entry.scope));
        expect(without.outcome, `${t.key} without ${entry.scope}`).toBe("403");
        expect(JSON.parse(without.readable).error).toMatchObject({ code: "insufficient_scope", message: expect.stringContaining(entry.scope) });
        const only = await as([entry.scope]);
        expect(only.readable.includes("insufficient_scope"), `${t.key} with only ${entry.scope}`).toBe(false);
      } else {
        for (const one of API_SCOPES) expect((await as([one])).readable.includes("insufficient_scope")).toBe(false);
      }
    });
  }
});


/**
 * Team management, owner vs admin (issue 14): the matrix's personas have no owner, so the rules that
 * tell an owner from an admin are called here as org A's owner and admin: an admin cannot remove,
 * demote or create an owner; nobody leaves the organisation without an owner; an owner can.
 */
describe("authorization matrix: team management, owner vs admin", () => {
  const as = (userId: string) => {
    state.userId = userId;
    state.activeOrg = w.orgA.id;
  };
  it("an admin cannot touch an owner or make one; the last owner cannot go; an owner manages owners", async () => {
    const { removeMemberAction, changeRoleAction, leaveOrgAction } = await import("@/app/(app)/settings/members/actions");
    const orgId = w.orgA.id;
    const owner = w.users.owner;
    const before = await w.auditCountA();
    as(w.users.admin);
    expect(await removeMemberAction({ orgId, userId: owner })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await changeRoleAction({ orgId, userId: owner, role: "member" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await changeRoleAction({ orgId, userId: w.users.member, role: "owner" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    as(owner);
    expect(await changeRoleAction({ orgId, userId: owner, role: "admin" })).toMatchObject({ ok: false, error: { code: "last_owner" } });
    expect(await leaveOrgAction({ orgId })).toMatchObject({ ok: false, error: { code: "last_owner" } });
    expect(await removeMemberAction({ orgId, userId: owner })).toMatchObject({ ok: false, error: { code: "use_leave" } });
    expect(await w.auditCountA(), "refused team changes wrote to the audit log").toBe(before);

    const second = await w.freshMemberA();
    expect(await changeRoleAction({ orgId, userId: second, role: "owner" })).toMatchObject({ ok: true, data: { role: "owner" } });
    as(w.users.admin);
    expect(await removeMemberAction({ orgId, userId: second })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    as(owner);
    expect(await removeMemberAction({ orgId, userId: second })).toMatchObject({ ok: true });
    expect(await w.auditCountA()).toBe(before + 2);
    await w.afterCall();
  });
});
