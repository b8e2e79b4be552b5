import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/auth/create-api-key";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { db } from "@/db";
import { eq } from "drizzle-orm";
import { apiKeys, users } from "@/db/schema";
import { API_KEY_CACHE_TTL_MS } from "@/lib/auth/api-key-cache";
import { clockOffsetMs, now, setClockOffset } from "@/lib/clock";
import { createOrganization } from "@/lib/orgs/create-organization";
import { newId } from "@/lib/ids";

async function makeOrg(name: string) {
  const [u] = await db.insert(users).values({ email: `${newId("u")}@example.com`.toLowerCase() }).returning();
  return createOrganization({ name, ownerId: u!.id, actor: { type: "user", id: u!.id } });
}

const call = (key?: string) =>
  me(new NextRequest("http://localhost/api/v1/me", { headers: key ? { authorization: `Bearer ${key}` } : {} }), { params: Promise.resolve({}) });

describe("API keys", () => {
  it("authenticates GET /api/v1/me with a key, and stores only a hash", async () => {
    const org = await makeOrg("Acme");
    const created = await createApiKey({ orgId: org.id, name: "server", actor: { type: "system", id: null } });
    expect(created.key).toMatch(/^bk_[A-Za-z0-9]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    const res = await call(created.key);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ organization: { id: org.id, name: "Acme" } });
    const listed = await listApiKeys(org.id);
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it("answers 401 with the error shape for missing, unknown and revoked keys", async () => {
    const org = await makeOrg("Beta");
    const created = await createApiKey({ orgId: org.id, name: "k", actor: { type: "system", id: null } });
    for (const [key, code] of [
      [undefined, "missing_api_key"],
      ["bk_" + "x".repeat(32), "invalid_api_key"],
      ["not-a-key", "invalid_api_key"],
    ] as const) {
      const res = await call(key);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe(code);
    }
    await revokeApiKey({ orgId: org.id, keyId: created.id, actor: { type: "system", id: null } });
    const res = await call(created.key);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "revoked_api_key", message: expect.any(String) } });
    expect(await listApiKeys(org.id)).toHaveLength(0);
  });

  it("cannot revoke another organisation's key (404)", async () => {
    const a = await makeOrg("A");
    const b = await makeOrg("B");
    const bKey = await createApiKey({ orgId: b.id, name: "b", actor: { type: "system", id: null } });
    await expect(revokeApiKey({ orgId: a.id, keyId: bKey.id, actor: { type: "system", id: null } })).rejects.toMatchObject({ status: 404 });
    expect((await call(bKey.key)).status).toBe(200);
  });
});

describe("API key cache (issue 15: the metering hot path skips the lookup)", () => {
  it("a key revoked in this process is refused on the very next request", async () => {
    const org = await makeOrg("Cache now");
    const created = await createApiKey({ orgId: org.id, name: "k", actor: { type: "system", id: null } });
    expect((await call(created.key)).status).toBe(200); // cached from here on
    await revokeApiKey({ orgId: org.id, keyId: created.id, actor: { type: "system", id: null } });
    const res = await call(created.key);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("revoked_api_key");
  });

  it("a key revoked elsewhere (another instance) is served from the cache for at most its TTL, then refused", async () => {
    const org = await makeOrg("Cache elsewhere");
    const created = await createApiKey({ orgId: org.id, name: "k", actor: { type: "system", id: null } });
    expect((await call(created.key)).status).toBe(200);
    // Another instance revokes it: only the database changes.
    await db.update(apiKeys).set({ revokedAt: now() }).where(eq(apiKeys.id, created.id));
    expect((await call(created.key)).status).toBe(200); // this process has not looked again yet: the cache answered
    setClockOffset(clockOffsetMs() + API_KEY_CACHE_TTL_MS + 1);
    const res = await call(created.key);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("revoked_api_key");
  });
});
