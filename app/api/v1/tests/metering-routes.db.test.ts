import { beforeAll, describe, expect, it } from "vitest";
import { BillingApiError, type BillingClient } from "@billing-kit/client";
import { createApiKey } from "@/lib/auth/create-api-key";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { grantCredits } from "@/lib/credits/grant-credits";
import { makeOrg, subscribe } from "@/lib/usage/tests/helpers";
import { z } from "zod";
import { API_OPERATIONS } from "@/lib/api/operations";
import { ContractError, inProcessClient } from "@/tests/api-client";

/**
 * The metering and credit routes, driven through the typed client (@billing-kit/client) against the
 * route handlers in-process: every answer is also checked against the OpenAPI document (tests/api-client.ts).
 */
let orgId: string;
let client: BillingClient;
let free: BillingClient;
let key: string;

beforeAll(async () => {
  orgId = await makeOrg("Routes org");
  await subscribe(orgId, "pro");
  key = (await createApiKey({ orgId, name: "test", actor: { type: "system", id: null } })).key;
  client = inProcessClient(key);
  const freeOrg = await makeOrg("Free org");
  free = inProcessClient((await createApiKey({ orgId: freeOrg, name: "test", actor: { type: "system", id: null } })).key);
});

const rejection = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BillingApiError);
  return err as BillingApiError;
};

describe("POST /api/v1/usage", () => {
  it("records one event and a batch, reporting duplicates", async () => {
    expect(await client.track({ metric: "api_calls", quantity: 2, idempotencyKey: "r1" })).toMatchObject({ recorded: 1, duplicates: 0 });
    const batch = await client.track([
      { metric: "api_calls", quantity: 3, idempotencyKey: "r1" },
      { metric: "api_calls", quantity: 3, idempotencyKey: "r2", properties: { endpoint: "/x" } },
    ]);
    expect(batch).toMatchObject({ recorded: 1, duplicates: 1, events: [{ idempotency_key: "r1", status: "duplicate" }, { idempotency_key: "r2", status: "recorded" }] });
  });

  it("rejects bad input with 4xx and the error shape, naming index and field", async () => {
    const bad = await client.api.POST("/api/v1/usage", { body: { events: [{ metric: "api_calls", quantity: 1, idempotency_key: "ok" }, { metric: "api_calls", quantity: 0.5 }] } as never });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.code).toBe("invalid_request");
    expect((bad.error?.error.details as { problems: unknown }).problems).toEqual([
      { index: 1, field: "quantity", message: "expected a non-negative integer" },
      { index: 1, field: "idempotency_key", message: "required: a string of 1-255 characters" },
    ]);
    const raw = await client.api.POST("/api/v1/usage", { body: {} as never, bodySerializer: () => "{nope" });
    expect(raw.response.status).toBe(400);
    const big = await client.api.POST("/api/v1/usage", { body: { events: Array.from({ length: 1001 }, (_, i) => ({ metric: "api_calls", quantity: 1, idempotency_key: `b${i}` })) } });
    expect(big.response.status).toBe(400);
    expect((await rejection(inProcessClient("").track({ metric: "api_calls" }))).status).toBe(401);
    const revoked = await createApiKey({ orgId, name: "old", actor: { type: "system", id: null } });
    await revokeApiKey({ orgId, keyId: revoked.id, actor: { type: "system", id: null } });
    const r = await rejection(inProcessClient(revoked.key).track({ metric: "api_calls", quantity: 1, idempotencyKey: "rv" }));
    expect([r.status, r.code]).toEqual([401, "revoked_api_key"]);
  });
});

describe("metering routes", () => {
  it("check, status contract and summary", async () => {
    expect(await client.check({ metric: "api_calls", quantity: 1 })).toMatchObject({ allowed: true, limit: 10000, used: 5, remaining: 9995, overage: 0 });
    expect((await client.check({ feature: "advanced_exports" })).allowed).toBe(true);
    expect((await rejection(client.check({ metric: "nope" }))).status).toBe(400);
    expect((await rejection(client.check({ metric: "api_calls", quantity: -2 }))).status).toBe(400);
    expect((await client.api.GET("/api/v1/check", { params: { query: {} } })).response.status).toBe(400);

    const s = await client.api.GET("/api/v1/billing/status");
    const status = s.data!;
    expect(Object.keys(status).sort()).toEqual(["expires_at", "has_subscription", "overage_amount_cents", "status", "tier", "usage", "usage_by_metric"]);
    expect(status).toMatchObject({ has_subscription: true, tier: "pro", status: "active", usage: { current: 5, included: 10000, remaining: 9995, usage_percentage: 0.1, overage: 0 }, overage_amount_cents: 0 });
    expect(Object.keys(status.usage_by_metric).sort()).toEqual(["api_calls", "seats", "storage_gb", "tokens"]);

    const sum = (await client.api.GET("/api/v1/usage/summary", { params: { query: { period: "current" } } })).data!;
    expect(sum.metrics.find((m) => m.metric === "api_calls")!.used).toBe(5);
    expect(sum.by_endpoint).toEqual([{ metric: "api_calls", endpoint: "/x", quantity: 3, requests: 1 }]);
    expect((await client.api.GET("/api/v1/usage/summary", { params: { query: { period: "2026-13" } } })).response.status).toBe(400);
  });

  it("withUsage meters the demo endpoints with headers, 429 past a hard limit, 403 without the feature", async () => {
    const r = await client.api.GET("/api/v1/signals");
    expect(r.response.status).toBe(200);
    expect(r.response.headers.get("X-Usage-Limit")).toBe("10000");
    expect(r.response.headers.get("X-Usage-Remaining")).toBe("9994");
    expect(Number(r.response.headers.get("X-Usage-Reset"))).toBeGreaterThan(0);
    const h = await client.api.GET("/api/v1/signals/history/{symbol}", { params: { path: { symbol: "AAPL" } } });
    expect(h.data!.symbol).toBe("AAPL");
    expect(h.response.headers.get("X-Usage-Remaining")).toBe("9992");
    const badSym = await client.api.GET("/api/v1/signals/history/{symbol}", { params: { path: { symbol: "bad symbol!" } } });
    expect(badSym.response.status).toBe(400);
    const csv = await client.api.GET("/api/v1/export/csv", { parseAs: "text" });
    expect(csv.response.headers.get("content-type")).toContain("text/csv");

    expect((await free.api.GET("/api/v1/export/csv", { parseAs: "text" })).response.status).toBe(403);
    // Free plan: 100 api_calls, hard.
    await free.track({ metric: "api_calls", quantity: 100, idempotencyKey: "fill" });
    const blocked = await free.api.GET("/api/v1/signals");
    expect(blocked.response.status).toBe(429);
    expect(blocked.error?.error.code).toBe("quota_exceeded");
    expect(blocked.response.headers.get("X-Usage-Remaining")).toBe("0");
    const sum = (await client.api.GET("/api/v1/usage/summary")).data!;
    expect(sum.by_endpoint.find((e) => e.endpoint === "/signals")).toMatchObject({ quantity: 1, requests: 1 });
  });

  it("spend cap PUT is validated", async () => {
    expect((await client.api.PUT("/api/v1/billing/spend-cap", { body: { spend_cap_cents: -1 } })).response.status).toBe(400);
    const ok = await client.api.PUT("/api/v1/billing/spend-cap", { body: { spend_cap_cents: 5000 } });
    expect(ok.data).toEqual({ spend_cap_cents: 5000 });
    expect((await client.api.GET("/api/v1/billing/spend-cap")).data).toEqual({ spend_cap_cents: 5000 });
  });
});

describe("credit routes", () => {
  it("consume, 402, holds and another org's hold → 404", async () => {
    await grantCredits({ orgId, source: "purchased", amount: 100, idempotencyKey: "g", actor: { type: "system", id: null } });
    const c = await client.consume({ amount: 10, idempotencyKey: "c1" });
    expect(c).toMatchObject({ consumed: 10, balance: 90, duplicate: false });
    expect(c.allocations[0]).toMatchObject({ grant_id: expect.any(String), amount: 10 });
    expect(await client.consume({ event: "ai_inference", quantity: 1, idempotencyKey: "c2" })).toMatchObject({ consumed: 25, balance: 65 });
    const short = await rejection(client.consume({ amount: 1000, idempotencyKey: "c3" }));
    expect([short.status, short.code]).toEqual([402, "insufficient_credits"]);
    expect((await client.api.POST("/api/v1/credits/consume", { body: { amount: 1 } as never })).response.status).toBe(400);
    expect((await rejection(client.consume({ event: "nope", idempotencyKey: "z" }))).status).toBe(400);

    const hold = await client.hold({ amount: 20, idempotencyKey: "h1" });
    expect(hold).toMatchObject({ amount: 20, status: "held", duplicate: false });
    const path = { id: hold.id };
    expect((await free.api.POST("/api/v1/credits/holds/{id}/commit", { params: { path }, body: { amount: 5 } })).response.status).toBe(404);
    expect((await free.api.POST("/api/v1/credits/holds/{id}/release", { params: { path } })).response.status).toBe(404);
    expect(await hold.commit(5)).toMatchObject({ status: "committed", committed_amount: 5, balance: 60 });
    const bal = (await client.api.GET("/api/v1/credits")).data!;
    expect(bal).toMatchObject({ balance: 60, by_source: { purchased: 60 }, held: 0 });

    const other = await client.hold({ amount: 7, idempotencyKey: "h2" });
    expect(await other.release()).toMatchObject({ status: "released", balance: 60 });
  });
});

describe("Billing-Version", () => {
  it("is echoed (the current one by default), a pinned known version is accepted, an unknown one is 400", async () => {
    const d = await inProcessClient(key, { version: "" }).api.GET("/api/v1/me");
    expect(d.response.headers.get("billing-version")).toBe("2026-12-01");
    const pinned = await inProcessClient(key, { version: "2026-12-01" }).api.GET("/api/v1/me");
    expect([pinned.response.status, pinned.response.headers.get("billing-version")]).toEqual([200, "2026-12-01"]);
    const bad = await inProcessClient(key, { version: "2019-01-01" }).api.GET("/api/v1/me");
    expect(bad.response.status).toBe(400);
    expect(bad.error?.error.code).toBe("unsupported_version");
    const unauth = await inProcessClient("nope").api.GET("/api/v1/me");
    expect([unauth.response.status, unauth.response.headers.get("billing-version")]).toEqual([401, "2026-12-01"]);
  });
});

describe("the in-process client checks answers against the document", () => {
  it("fails a call whose body or status the document does not describe", async () => {
    const op = API_OPERATIONS.find((o) => o.operationId === "getMe")!;
    const documented = op.responses[200]!;
    try {
      op.responses[200] = { ...documented, schema: z.object({ organization: z.object({ id: z.string(), name: z.string(), plan: z.string() }) }) };
      await expect(client.api.GET("/api/v1/me")).rejects.toThrow(ContractError);
      op.responses[200] = { ...documented, schema: z.object({}).strict() };
      await expect(client.api.GET("/api/v1/me")).rejects.toThrow(/does not match the document/);
      delete op.responses[200];
      await expect(client.api.GET("/api/v1/me")).rejects.toThrow(/status 200 is not documented/);
    } finally {
      op.responses[200] = documented;
    }
    expect((await client.api.GET("/api/v1/me")).data!.organization.id).toBe(orgId);
  });
});
