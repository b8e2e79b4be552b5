import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/create-api-key";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { grantCredits } from "@/lib/credits/grant-credits";
import { makeOrg, subscribe } from "@/lib/usage/tests/helpers";
import { POST as usagePOST } from "../usage/route";
import { GET as summaryGET } from "../usage/summary/route";
import { GET as checkGET } from "../check/route";
import { GET as statusGET } from "../billing/status/route";
import { PUT as capPUT } from "../billing/spend-cap/route";
import { GET as creditsGET } from "../credits/route";
import { POST as consumePOST } from "../credits/consume/route";
import { POST as holdsPOST } from "../credits/holds/route";
import { POST as commitPOST } from "../credits/holds/[id]/commit/route";
import { POST as releasePOST } from "../credits/holds/[id]/release/route";
import { GET as signalsGET } from "../signals/route";
import { GET as historyGET } from "../signals/history/[symbol]/route";
import { GET as csvGET } from "../export/csv/route";

const base = "http://localhost:3000/api/v1";
let orgId: string;
let key: string;
let freeKey: string;

const req = (path: string, init: { method?: string; body?: unknown; raw?: string; auth?: string | null } = {}) =>
  new NextRequest(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.auth === null ? {} : { authorization: `Bearer ${init.auth ?? key}` }),
      "content-type": "application/json",
    },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({});

beforeAll(async () => {
  orgId = await makeOrg("Routes org");
  await subscribe(orgId, "pro");
  key = (await createApiKey({ orgId, name: "test", actor: { type: "system", id: null } })).key;
  const freeOrg = await makeOrg("Free org");
  freeKey = (await createApiKey({ orgId: freeOrg, name: "test", actor: { type: "system", id: null } })).key;
});

describe("POST /api/v1/usage", () => {
  it("records one event and a batch, reporting duplicates", async () => {
    const one = await usagePOST(req("/usage", { method: "POST", body: { metric: "api_calls", quantity: 2, idempotency_key: "r1" } }), noParams);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ recorded: 1, duplicates: 0 });
    const batch = await usagePOST(
      req("/usage", { method: "POST", body: { events: [{ metric: "api_calls", quantity: 3, idempotency_key: "r1" }, { metric: "api_calls", quantity: 3, idempotency_key: "r2", properties: { endpoint: "/x" } }] } }),
      noParams,
    );
    expect(await batch.json()).toMatchObject({ recorded: 1, duplicates: 1, events: [{ idempotency_key: "r1", status: "duplicate" }, { idempotency_key: "r2", status: "recorded" }] });
  });

  it("rejects bad input with 4xx and the error shape, naming index and field", async () => {
    const bad = await usagePOST(req("/usage", { method: "POST", body: { events: [{ metric: "api_calls", quantity: 1, idempotency_key: "ok" }, { metric: "api_calls", quantity: 0.5 }] } }), noParams);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details.problems).toEqual([
      { index: 1, field: "quantity", message: "expected a non-negative integer" },
      { index: 1, field: "idempotency_key", message: "required: a string of 1-255 characters" },
    ]);
    expect((await usagePOST(req("/usage", { method: "POST", raw: "{nope" }), noParams)).status).toBe(400);
    const big = await usagePOST(req("/usage", { method: "POST", body: { events: Array.from({ length: 1001 }, (_, i) => ({ metric: "api_calls", quantity: 1, idempotency_key: `b${i}` })) } }), noParams);
    expect(big.status).toBe(400);
    expect((await usagePOST(req("/usage", { method: "POST", body: {}, auth: null }), noParams)).status).toBe(401);
    const revoked = await createApiKey({ orgId, name: "old", actor: { type: "system", id: null } });
    await revokeApiKey({ orgId, keyId: revoked.id, actor: { type: "system", id: null } });
    const r = await usagePOST(req("/usage", { method: "POST", auth: revoked.key, body: { metric: "api_calls", quantity: 1, idempotency_key: "rv" } }), noParams);
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe("revoked_api_key");
  });
});

describe("metering routes", () => {
  it("check, status contract and summary", async () => {
    const c = await checkGET(req("/check?metric=api_calls&quantity=1"), noParams);
    expect(c.status).toBe(200);
    expect(await c.json()).toMatchObject({ allowed: true, limit: 10000, used: 5, remaining: 9995, overage: 0 });
    const f = await checkGET(req("/check?feature=advanced_exports"), noParams);
    expect((await f.json()).allowed).toBe(true);
    expect((await checkGET(req("/check?metric=nope"), noParams)).status).toBe(400);
    expect((await checkGET(req("/check?metric=api_calls&quantity=-2"), noParams)).status).toBe(400);
    expect((await checkGET(req("/check"), noParams)).status).toBe(400);

    const s = await statusGET(req("/billing/status"), noParams);
    const status = await s.json();
    expect(Object.keys(status).sort()).toEqual(["expires_at", "has_subscription", "overage_amount_cents", "status", "tier", "usage", "usage_by_metric"]);
    expect(status).toMatchObject({ has_subscription: true, tier: "pro", status: "active", usage: { current: 5, included: 10000, remaining: 9995, usage_percentage: 0.1, overage: 0 }, overage_amount_cents: 0 });
    expect(Object.keys(status.usage_by_metric).sort()).toEqual(["api_calls", "seats", "storage_gb", "tokens"]);

    const sum = await (await summaryGET(req("/usage/summary?period=current"), noParams)).json();
    expect(sum.metrics.find((m: { metric: string }) => m.metric === "api_calls").used).toBe(5);
    expect(sum.by_endpoint).toEqual([{ metric: "api_calls", endpoint: "/x", quantity: 3, requests: 1 }]);
    expect((await summaryGET(req("/usage/summary?period=2026-13"), noParams)).status).toBe(400);
  });

  it("withUsage meters the demo endpoints with headers, 429 past a hard limit, 403 without the feature", async () => {
    const r = await signalsGET(req("/signals"), noParams);
    expect(r.status).toBe(200);
    expect(r.headers.get("X-Usage-Limit")).toBe("10000");
    expect(r.headers.get("X-Usage-Remaining")).toBe("9994");
    expect(Number(r.headers.get("X-Usage-Reset"))).toBeGreaterThan(0);
    const h = await historyGET(req("/signals/history/AAPL"), ctx({ symbol: "AAPL" }));
    expect(h.headers.get("X-Usage-Remaining")).toBe("9992");
    const badSym = await historyGET(req("/signals/history/x"), ctx({ symbol: "bad symbol!" }));
    expect(badSym.status).toBe(400);
    expect((await csvGET(req("/export/csv"), noParams)).headers.get("content-type")).toContain("text/csv");

    expect((await csvGET(req("/export/csv", { auth: freeKey }), noParams)).status).toBe(403);
    // Free plan: 100 api_calls, hard.
    await usagePOST(req("/usage", { method: "POST", auth: freeKey, body: { metric: "api_calls", quantity: 100, idempotency_key: "fill" } }), noParams);
    const blocked = await signalsGET(req("/signals", { auth: freeKey }), noParams);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe("quota_exceeded");
    expect(blocked.headers.get("X-Usage-Remaining")).toBe("0");
    const sum = await (await summaryGET(req("/usage/summary"), noParams)).json();
    expect(sum.by_endpoint.find((e: { endpoint: string }) => e.endpoint === "/signals")).toMatchObject({ quantity: 1, requests: 1 });
  });

  it("spend cap PUT is validated", async () => {
    expect((await capPUT(req("/billing/spend-cap", { method: "PUT", body: { spend_cap_cents: -1 } }), noParams)).status).toBe(400);
    const ok = await capPUT(req("/billing/spend-cap", { method: "PUT", body: { spend_cap_cents: 5000 } }), noParams);
    expect(await ok.json()).toEqual({ spend_cap_cents: 5000 });
  });
});

describe("credit routes", () => {
  it("consume, 402, holds and another org's hold → 404", async () => {
    await grantCredits({ orgId, source: "purchased", amount: 100, idempotencyKey: "g", actor: { type: "system", id: null } });
    const c = await consumePOST(req("/credits/consume", { method: "POST", body: { amount: 10, idempotency_key: "c1" } }), noParams);
    expect(await c.json()).toMatchObject({ consumed: 10, balance: 90, duplicate: false });
    const e = await consumePOST(req("/credits/consume", { method: "POST", body: { event: "ai_inference", quantity: 1, idempotency_key: "c2" } }), noParams);
    expect(await e.json()).toMatchObject({ consumed: 25, balance: 65 });
    const short = await consumePOST(req("/credits/consume", { method: "POST", body: { amount: 1000, idempotency_key: "c3" } }), noParams);
    expect(short.status).toBe(402);
    expect((await short.json()).error.code).toBe("insufficient_credits");
    expect((await consumePOST(req("/credits/consume", { method: "POST", body: { amount: 1 } }), noParams)).status).toBe(400);
    expect((await consumePOST(req("/credits/consume", { method: "POST", body: { event: "nope", idempotency_key: "z" } }), noParams)).status).toBe(400);

    const h = await holdsPOST(req("/credits/holds", { method: "POST", body: { amount: 20, idempotency_key: "h1" } }), noParams);
    expect(h.status).toBe(201);
    const hold = await h.json();
    expect((await commitPOST(req(`/credits/holds/${hold.id}/commit`, { method: "POST", body: { amount: 5 }, auth: freeKey }), ctx({ id: hold.id }))).status).toBe(404);
    expect((await releasePOST(req(`/credits/holds/${hold.id}/release`, { method: "POST", auth: freeKey }), ctx({ id: hold.id }))).status).toBe(404);
    const done = await commitPOST(req(`/credits/holds/${hold.id}/commit`, { method: "POST", body: { amount: 5 } }), ctx({ id: hold.id }));
    expect(await done.json()).toMatchObject({ status: "committed", committed_amount: 5, balance: 60 });
    const bal = await (await creditsGET(req("/credits"), noParams)).json();
    expect(bal).toMatchObject({ balance: 60, by_source: { purchased: 60 }, held: 0 });
  });
});
