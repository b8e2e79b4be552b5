import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { BillingClient } from "@billing-kit/client";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { apiKeys } from "@/db/schema";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@/lib/auth/api-key-format";
import { API_SCOPES, SCOPE_PRESETS } from "@/lib/auth/api-key-scopes";
import { createApiKey } from "@/lib/auth/create-api-key";
import { newId } from "@/lib/ids";
import { LIMITS } from "@/lib/security/rate-limit";
import { makeOrg, subscribe } from "@/lib/usage/tests/helpers";
import { inProcessClient } from "@/tests/api-client";
import { PATCH as subscriptionPATCH } from "../billing/subscription/route";

/**
 * Issue 14: any key of an organisation could change or cancel its subscription. Keys now carry
 * scopes, checked by withApiKey before the handler; every answer to a key has X-RateLimit-* headers.
 * Driven through the typed client against the handlers in-process (answers checked against the document).
 */
const base = "http://localhost:3000/api/v1";
const sys = { type: "system" as const, id: null };
const noParams = { params: Promise.resolve({}) };
let orgId: string;
const keys: Record<"full" | "metering" | "read_only" | "legacy", string> = { full: "", metering: "", read_only: "", legacy: "" };

const as = (key: string): BillingClient["api"] => inProcessClient(key).api;

beforeAll(async () => {
  orgId = await makeOrg("Scopes org");
  await subscribe(orgId, "pro");
  for (const preset of ["full", "metering", "read_only"] as const) {
    keys[preset] = (await createApiKey({ orgId, name: preset, actor: sys, scopes: SCOPE_PRESETS[preset].scopes })).key;
  }
  // A key stored before scopes existed: the column's default (migration 0012) gives it every scope.
  const legacy = generateApiKey();
  await db.execute(
    `insert into api_keys (id, org_id, name, prefix, hash) values ('${newId("key")}', '${orgId}', 'legacy', '${apiKeyPrefix(legacy)}', '${hashApiKey(legacy)}')` as never,
  );
  keys.legacy = legacy;
});

async function expectInsufficient(res: Response | { response: Response; error?: unknown }, scope: string) {
  const r = res instanceof Response ? res : res.response;
  expect(r.status).toBe(403);
  const body = (res instanceof Response ? await res.json() : res.error) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("insufficient_scope");
  expect(body.error.message).toContain(scope);
}

describe("API key scopes", () => {
  it("a metering-only key records usage and consumes credits, but cannot change, cancel or read billing", async () => {
    const k = as(keys.metering);
    expect((await k.POST("/api/v1/usage", { body: { metric: "api_calls", quantity: 1, idempotency_key: "s1" } })).response.status).toBe(200);
    expect((await k.GET("/api/v1/usage/summary")).response.status).toBe(200);
    expect((await k.POST("/api/v1/credits/consume", { body: { amount: 1, idempotency_key: "c1" } })).response.status).not.toBe(403);
    await expectInsufficient(await k.PATCH("/api/v1/billing/subscription", { body: { plan: "enterprise" } as never }), "billing:write");
    await expectInsufficient(await k.POST("/api/v1/billing/subscription/cancel", { body: {} }), "billing:write");
    await expectInsufficient(await k.PUT("/api/v1/billing/spend-cap", { body: { spend_cap_cents: 1 } }), "billing:write");
    await expectInsufficient(await k.GET("/api/v1/billing/status"), "billing:read");
  });

  it("a read-only key reads, and writes nothing", async () => {
    const k = as(keys.read_only);
    expect((await k.GET("/api/v1/billing/status")).response.status).toBe(200);
    expect((await k.GET("/api/v1/usage/summary")).response.status).toBe(200);
    await expectInsufficient(await k.POST("/api/v1/usage", { body: { metric: "api_calls", quantity: 1 } as never }), "usage:write");
    await expectInsufficient(await k.POST("/api/v1/credits/consume", { body: { amount: 1 } as never }), "credits:write");
    await expectInsufficient(await k.POST("/api/v1/billing/subscription/cancel", { body: {} }), "billing:write");
  });

  it("the scope is checked before the body is parsed: a refused key learns nothing about its input", async () => {
    const res = await subscriptionPATCH(
      new NextRequest(`${base}/billing/subscription`, { method: "PATCH", headers: { authorization: `Bearer ${keys.read_only}`, "content-type": "application/json" }, body: "{not json" }),
      noParams,
    );
    await expectInsufficient(res, "billing:write");
  });

  it("keys made before scopes keep every scope; /me works for any key", async () => {
    const [row] = await db.select({ scopes: apiKeys.scopes }).from(apiKeys).where(eq(apiKeys.prefix, apiKeyPrefix(keys.legacy)));
    expect(row!.scopes).toEqual([...API_SCOPES]);
    expect((await as(keys.legacy).GET("/api/v1/billing/status")).response.status).toBe(200);
    expect((await as(keys.legacy).POST("/api/v1/usage", { body: { metric: "api_calls", quantity: 1, idempotency_key: "l1" } })).response.status).toBe(200);
    for (const k of Object.values(keys)) expect((await as(k).GET("/api/v1/me")).data!.organization.id).toBe(orgId);
  });

  it("refuses unknown scopes and empty scope sets at creation", async () => {
    await expect(createApiKey({ orgId, name: "x", actor: sys, scopes: [] })).rejects.toThrow();
    await expect(createApiKey({ orgId, name: "x", actor: sys, scopes: ["billing:admin" as never] })).rejects.toThrow();
  });
});

describe("rate-limit headers", () => {
  it("every answer to a key carries X-RateLimit-Limit/Remaining/Reset, refusals and errors included", async () => {
    const ok = (await as(keys.full).GET("/api/v1/billing/status")).response;
    const refused = (await as(keys.metering).GET("/api/v1/billing/status")).response;
    const bad = (await as(keys.full).POST("/api/v1/usage", { body: { metric: "", quantity: -1 } as never })).response;
    expect(bad.status).toBe(400);
    for (const res of [ok, refused, bad]) {
      expect(res.headers.get("x-ratelimit-limit")).toBe(String(LIMITS.apiKey.points));
      expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(LIMITS.apiKey.points);
      const reset = Number(res.headers.get("x-ratelimit-reset"));
      expect(reset).toBeGreaterThan(Date.now() / 1000);
      expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + LIMITS.apiKey.duration + 1);
    }
    const a = Number(ok.headers.get("x-ratelimit-remaining"));
    const b = Number((await as(keys.full).GET("/api/v1/billing/status")).response.headers.get("x-ratelimit-remaining"));
    expect(b).toBe(a - 2); // ok and bad were both answers to the full key
  });

  it("a spent key is 429 with Retry-After and X-RateLimit-Remaining 0", async () => {
    const { key } = await createApiKey({ orgId, name: "burst", actor: sys, scopes: ["usage:read"] });
    const { consumeRateLimit } = await import("@/lib/security/rate-limit");
    const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.prefix, apiKeyPrefix(key)));
    await consumeRateLimit("apiKey", row!.id, LIMITS.apiKey.points);
    const res = (await as(key).GET("/api/v1/usage/summary")).response;
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(res.headers.get("x-ratelimit-limit")).toBe(String(LIMITS.apiKey.points));
  });
});
