import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { memberships } from "@/db/schema";
import { registerUser } from "@/lib/auth/register-user";
import { verifyApiKey } from "@/lib/auth/verify-api-key";
import { createOrganization } from "@/lib/orgs/create-organization";

// The session is the only thing Next.js would provide: stub auth() to "who is signed in".
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

const { GET: orgGET, PATCH: orgPATCH } = await import("../[orgId]/route");
const { GET: keysGET, POST: keysPOST } = await import("../[orgId]/api-keys/route");
const { DELETE: keyDELETE } = await import("../[orgId]/api-keys/[keyId]/route");

const u = () => `r${Math.random().toString(36).slice(2, 10)}@example.com`;
const req = (path: string, init: { method?: string; body?: unknown; raw?: string } = {}) =>
  new NextRequest(`http://localhost/api/orgs${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });

let owner: string, member: string, outsider: string, orgA: string, orgB: string;

beforeAll(async () => {
  owner = (await registerUser({ name: "Owner", email: u(), password: "password1" })).id;
  member = (await registerUser({ name: "Member", email: u(), password: "password1" })).id;
  outsider = (await registerUser({ name: "Outsider", email: u(), password: "password1" })).id;
  orgA = (await createOrganization({ name: "Org A", ownerId: owner, actor: { type: "user", id: owner } })).id;
  orgB = (await createOrganization({ name: "Org B", ownerId: outsider, actor: { type: "user", id: outsider } })).id;
  await db.insert(memberships).values({ orgId: orgA, userId: member, role: "member" });
});

async function body(res: Response) {
  return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe("org JSON API", () => {
  it("401 signed out, with the error shape", async () => {
    session.userId = null;
    const res = await orgGET(req(`/${orgA}`), ctx({ orgId: orgA }));
    expect(res.status).toBe(401);
    expect((await body(res)).error.code).toBe("unauthenticated");
  });

  it("members read the org; another organisation's id is 404 like a missing one", async () => {
    session.userId = member;
    const ok = await orgGET(req(`/${orgA}`), ctx({ orgId: orgA }));
    expect(ok.status).toBe(200);
    expect(await body(ok)).toEqual({ organization: { id: orgA, name: "Org A", role: "member" } });
    for (const id of [orgB, "org_missing"]) {
      const res = await orgGET(req(`/${id}`), ctx({ orgId: id }));
      expect(res.status).toBe(404);
      expect((await body(res)).error.code).toBe("not_found");
    }
  });

  it("members get 403 for admin operations", async () => {
    session.userId = member;
    expect((await keysGET(req(`/${orgA}/api-keys`), ctx({ orgId: orgA }))).status).toBe(403);
    expect((await keysPOST(req(`/${orgA}/api-keys`, { method: "POST", body: { name: "x" } }), ctx({ orgId: orgA }))).status).toBe(403);
    const res = await orgPATCH(req(`/${orgA}`, { method: "PATCH", body: { name: "Nope" } }), ctx({ orgId: orgA }));
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe("forbidden");
  });

  it("owners rename, with bad input a 400 naming the field", async () => {
    session.userId = owner;
    const bad = await orgPATCH(req(`/${orgA}`, { method: "PATCH", body: { name: "  " } }), ctx({ orgId: orgA }));
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.message).toContain("name");
    const junk = await orgPATCH(req(`/${orgA}`, { method: "PATCH", raw: "{nope" }), ctx({ orgId: orgA }));
    expect(junk.status).toBe(400);
    expect((await body(junk)).error.code).toBe("invalid_json");
    const ok = await orgPATCH(req(`/${orgA}`, { method: "PATCH", body: { name: " Org A2 " } }), ctx({ orgId: orgA }));
    expect(await body(ok)).toEqual({ organization: { id: orgA, name: "Org A2" } });
  });

  it("owners create, list and revoke keys; revoked keys stop working; cross-org key ids are 404", async () => {
    session.userId = owner;
    const created = await keysPOST(req(`/${orgA}/api-keys`, { method: "POST", body: { name: "CI" } }), ctx({ orgId: orgA }));
    expect(created.status).toBe(201);
    const { apiKey } = await body(created);
    expect(apiKey.key).toMatch(/^bk_[A-Za-z0-9]{32}$/);
    expect(await verifyApiKey(`Bearer ${apiKey.key}`)).toMatchObject({ orgId: orgA });

    const list = await body(await keysGET(req(`/${orgA}/api-keys`), ctx({ orgId: orgA })));
    expect(list.data.map((k: { id: string }) => k.id)).toEqual([apiKey.id]);
    expect(JSON.stringify(list)).not.toContain(apiKey.key);

    // The outsider cannot revoke it, neither through their own org nor through A.
    session.userId = outsider;
    expect((await keyDELETE(req(`/${orgB}/api-keys/${apiKey.id}`, { method: "DELETE" }), ctx({ orgId: orgB, keyId: apiKey.id }))).status).toBe(404);
    expect((await keyDELETE(req(`/${orgA}/api-keys/${apiKey.id}`, { method: "DELETE" }), ctx({ orgId: orgA, keyId: apiKey.id }))).status).toBe(404);
    expect(await verifyApiKey(`Bearer ${apiKey.key}`)).toMatchObject({ orgId: orgA });

    session.userId = owner;
    const del = await keyDELETE(req(`/${orgA}/api-keys/${apiKey.id}`, { method: "DELETE" }), ctx({ orgId: orgA, keyId: apiKey.id }));
    expect(del.status).toBe(200);
    expect((await keyDELETE(req(`/${orgA}/api-keys/${apiKey.id}`, { method: "DELETE" }), ctx({ orgId: orgA, keyId: apiKey.id }))).status).toBe(404);
    await expect(verifyApiKey(`Bearer ${apiKey.key}`)).rejects.toMatchObject({ status: 401 });
    expect((await body(await keysGET(req(`/${orgA}/api-keys`), ctx({ orgId: orgA })))).data).toEqual([]);
  });

  // Issue 14: cookie-authenticated JSON routes accepted cross-origin text/plain posts (a "simple" request
  // a foreign page can send with the victim's cookie, no preflight).
  it("refuses cross-origin and non-JSON writes before anything runs; same-origin JSON still works", async () => {
    session.userId = owner;
    const post = (headers: Record<string, string>, raw: string) =>
      // As a browser sends it: the body's length announced.
      keysPOST(new NextRequest(`http://localhost/api/orgs/${orgA}/api-keys`, { method: "POST", headers: { "content-length": String(Buffer.byteLength(raw)), ...headers }, body: raw }), ctx({ orgId: orgA }));
    const keysBefore = (await body(await keysGET(req(`/${orgA}/api-keys`), ctx({ orgId: orgA })))).data.length;
    const forged = await post({ "content-type": "text/plain", origin: "https://evil.example" }, JSON.stringify({ name: "csrf" }));
    expect([forged.status, (await body(forged)).error.code]).toEqual([403, "cross_origin"]);
    const foreignJson = await post({ "content-type": "application/json", origin: "https://evil.example" }, JSON.stringify({ name: "csrf" }));
    expect(foreignJson.status).toBe(403);
    const opaque = await post({ "content-type": "application/json", origin: "null" }, JSON.stringify({ name: "csrf" }));
    expect(opaque.status).toBe(403);
    const plain = await post({ "content-type": "text/plain" }, JSON.stringify({ name: "csrf" }));
    expect([plain.status, (await body(plain)).error.code]).toEqual([415, "unsupported_media_type"]);
    const form = await orgPATCH(
      new NextRequest(`http://localhost/api/orgs/${orgA}`, { method: "PATCH", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "10" }, body: "name=pwned" }),
      ctx({ orgId: orgA }),
    );
    expect(form.status).toBe(415);
    expect((await body(await keysGET(req(`/${orgA}/api-keys`), ctx({ orgId: orgA })))).data.length).toBe(keysBefore);
    expect((await body(await orgGET(req(`/${orgA}`), ctx({ orgId: orgA })))).organization.name).not.toBe("pwned");
    const same = await post({ "content-type": "application/json; charset=utf-8", origin: "http://localhost" }, JSON.stringify({ name: "same origin" }));
    expect(same.status).toBe(201);
  });
});
