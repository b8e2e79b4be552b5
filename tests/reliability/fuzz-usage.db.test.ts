import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as usagePOST } from "@/app/api/v1/usage/route";
import { GET as checkGET } from "@/app/api/v1/check/route";
import { PUT as capPUT } from "@/app/api/v1/billing/spend-cap/route";
import {
  bodies,
  callChecked,
  countRows,
  extraKey,
  fcOpts,
  fundedProOrg,
  nastyString,
  nastyValue,
  noParams,
  request,
  type Handler,
  makeFuzzPost,
} from "./helpers";

/**
 * Input fuzzing of POST /usage, GET /check, PUT /billing/spend-cap (API-key routes): thousands of generated bodies, queries
 * and path ids. Contract: never a 5xx, the JSON error shape on every 4xx, nothing written on a 4xx.
 */

const BASE = "http://localhost:3000/api/v1";
const RUNS = 1000;
// 2 cores shared with other suites: generous per-test timeouts (runs are what matter, not time).
vi.setConfig({ testTimeout: 300_000 });
let orgId: string;

beforeAll(async () => {
  ({ orgId } = await fundedProOrg("Fuzz usage"));
});

/** Property: POST `raw` to `handler`; on a 4xx the listed tables' rows for the org are unchanged. */
const fuzzPost = makeFuzzPost(() => orgId, BASE, RUNS);

const usageEvent = { metric: "api_calls", quantity: 1, idempotency_key: "k", timestamp: new Date().toISOString(), properties: { endpoint: "/x" } };

describe("fuzz POST /api/v1/usage", () => {
  it("single events: arbitrary JSON, mutated fields, raw literals, malformed text", async () => {
    const seen = await fuzzPost(usagePOST, "/usage", bodies(usageEvent), ["usage_events", "usage_counters"]);
    expect([...seen.keys()].every((s) => s === 200 || (s >= 400 && s < 500))).toBe(true);
    expect(seen.get(400)).toBeGreaterThan(RUNS / 2);
  });

  it("batches: one bad event among good ones, oversize batches → 400 and nothing recorded", async () => {
    const good = (i: number) => ({ metric: "api_calls", quantity: 1, idempotency_key: `b-${i}-${Math.random()}` });
    const badBatch = fc.record({
      size: fc.integer({ min: 1, max: 40 }),
      at: fc.nat(),
      bad: fc.oneof(
        fc.record({ metric: nastyString, quantity: fc.constant(1), idempotency_key: fc.constant("x") }),
        fc.record({ metric: fc.constant("api_calls"), quantity: nastyValue.filter((q) => !(typeof q === "number" && Number.isSafeInteger(q) && q > 0)), idempotency_key: fc.constant("x") }),
        fc.record({ metric: fc.constant("api_calls"), quantity: fc.constant(1), idempotency_key: nastyValue.filter((k) => !(typeof k === "string" && k.length > 0 && k.length <= 255)) }),
        nastyValue,
      ),
    }).map(({ size, at, bad }) => {
      const events: unknown[] = Array.from({ length: size }, (_, i) => good(i));
      events.splice(at % (size + 1), 0, bad);
      return JSON.stringify({ events });
    });
    const oversize = fc.integer({ min: 1001, max: 1300 }).map((n) => JSON.stringify({ events: Array.from({ length: n }, (_, i) => good(i)) }));
    const seen = await fuzzPost(usagePOST, "/usage", fc.oneof({ weight: 9, arbitrary: badBatch }, { weight: 1, arbitrary: oversize }), ["usage_events", "usage_counters"], 400);
    expect([...seen.keys()]).toEqual([400]);
  });
});

describe("fuzz GET /api/v1/check", () => {
  it("arbitrary query strings → 200 or 4xx with the error shape, nothing counted", async () => {
    const key = await extraKey(orgId);
    // String() throws on objects whose toString/valueOf are not functions (jsonValue makes {"toString": 0}).
    const text = (v: unknown) => {
      try {
        return String(v);
      } catch {
        return JSON.stringify(v);
      }
    };
    const param = fc.oneof(nastyString, nastyValue.map(text));
    const query = fc.dictionary(fc.oneof(fc.constantFrom("metric", "feature", "quantity"), fc.string({ maxLength: 8 })), param, { maxKeys: 4 });
    const before = await countRows("usage_counters", orgId);
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const url = new URL(`${BASE}/check`);
        for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
        const out = await callChecked(checkGET, request(url.toString(), { key }), noParams, url.search.slice(0, 200));
        statuses.add(out.status);
      }),
      fcOpts(RUNS),
    );
    expect(await countRows("usage_counters", orgId)).toBe(before);
    expect(statuses.has(400)).toBe(true);
  });
});

describe("fuzz PUT /api/v1/billing/spend-cap", () => {
  it("writes (and audits) only valid caps", async () => {
    await fuzzPost(capPUT as Handler, "/billing/spend-cap", bodies({ spend_cap_cents: 1000 }), ["usage_settings", "audit_log"], RUNS, "PUT");
  });
});
