import { beforeAll, describe, expect, it } from "vitest";
import { grantCredits } from "@/lib/credits/grant-credits";
import { POST as usagePOST } from "@/app/api/v1/usage/route";
import { POST as consumePOST } from "@/app/api/v1/credits/consume/route";
import { POST as holdsPOST } from "@/app/api/v1/credits/holds/route";
import { POST as commitPOST } from "@/app/api/v1/credits/holds/[id]/commit/route";
import { POST as releasePOST } from "@/app/api/v1/credits/holds/[id]/release/route";
import { assertErrorShape, countRows, ctx, noParams, orgWithKey, request, type Handler } from "./helpers";

/**
 * Text Postgres cannot store: NUL (U+0000) in text/jsonb ("invalid byte sequence for encoding UTF8: 0x00",
 * SQLSTATE 22021 / 22P05) and lone UTF-16 surrogates (PGlite refuses them). Found by the fuzzers.
 * Expected: a 400 in the error shape and nothing written. Until lib/http/respond.ts rejects such text
 * (see docs/RELIABILITY.md, "known bugs"), these answer 500 — and on POST /usage one bad event fails the
 * group-commit INSERT shared with other requests' events.
 */

const BASE = "http://localhost:3000/api/v1";
let orgId: string;
let key: string;

beforeAll(async () => {
  ({ orgId, key } = await orgWithKey("Text encoding"));
  await grantCredits({ orgId, source: "purchased", amount: 1000, idempotencyKey: "seed", actor: { type: "system", id: null } });
});

const BAD = { nul: "a\u0000b", surrogate: "a\ud800b" };

const cases: { name: string; handler: Handler; path: string; body: (s: string) => unknown; params?: (s: string) => Record<string, string>; tables: string[] }[] = [
  { name: "usage idempotency_key", handler: usagePOST, path: "/usage", body: (s) => ({ metric: "api_calls", quantity: 1, idempotency_key: s }), tables: ["usage_events", "usage_counters"] },
  { name: "usage properties value", handler: usagePOST, path: "/usage", body: (s) => ({ metric: "api_calls", quantity: 1, idempotency_key: `p-${Math.random()}`, properties: { endpoint: s } }), tables: ["usage_events"] },
  { name: "usage properties key", handler: usagePOST, path: "/usage", body: (s) => ({ metric: "api_calls", quantity: 1, idempotency_key: `k-${Math.random()}`, properties: { [s]: 1 } }), tables: ["usage_events"] },
  { name: "consume idempotency_key", handler: consumePOST, path: "/credits/consume", body: (s) => ({ amount: 1, idempotency_key: s }), tables: ["credit_transactions"] },
  { name: "holds idempotency_key", handler: holdsPOST, path: "/credits/holds", body: (s) => ({ amount: 1, idempotency_key: s }), tables: ["credit_holds", "credit_transactions"] },
  { name: "commit hold id (path)", handler: commitPOST, path: "/credits/holds/x/commit", body: () => ({ amount: 0 }), params: (s) => ({ id: s }), tables: ["credit_transactions"] },
  { name: "release hold id (path)", handler: releasePOST, path: "/credits/holds/x/release", body: () => ({}), params: (s) => ({ id: s }), tables: ["credit_transactions"] },
];

describe("NUL and lone surrogates → 400, never 500", () => {
  for (const [kind, bad] of Object.entries(BAD)) {
    for (const c of cases) {
      it(`${kind}: ${c.name}`, async () => {
        const before = await Promise.all(c.tables.map((t) => countRows(t, orgId)));
        const res = await c.handler(request(`${BASE}${c.path}`, { method: "POST", key, raw: JSON.stringify(c.body(bad)) }), c.params ? ctx(c.params(bad)) : noParams);
        const body = await res.json();
        // 404 is fine for an id nobody could have; what must never happen is a 500.
        expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(body)).toBeLessThan(500);
        assertErrorShape(body);
        expect(await Promise.all(c.tables.map((t) => countRows(t, orgId)))).toEqual(before);
      });
    }
  }

  it("a bad event does not fail concurrent good requests sharing the group commit", async () => {
    const good = Array.from({ length: 5 }, (_, i) =>
      usagePOST(request(`${BASE}/usage`, { method: "POST", key, raw: JSON.stringify({ metric: "api_calls", quantity: 1, idempotency_key: `g-${i}-${Math.random()}` }) }), noParams),
    );
    const bad = usagePOST(request(`${BASE}/usage`, { method: "POST", key, raw: JSON.stringify({ metric: "api_calls", quantity: 1, idempotency_key: BAD.nul }) }), noParams);
    const [badRes, ...goodRes] = await Promise.all([bad, ...good]);
    expect(goodRes.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(badRes.status).toBe(400);
  });
});
