import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as usagePOST } from "@/app/api/v1/usage/route";
import { GET as creditsGET } from "@/app/api/v1/credits/route";
import { POST as consumePOST } from "@/app/api/v1/credits/consume/route";
import { POST as holdsPOST } from "@/app/api/v1/credits/holds/route";
import { POST as commitPOST } from "@/app/api/v1/credits/holds/[id]/commit/route";
import { POST as releasePOST } from "@/app/api/v1/credits/holds/[id]/release/route";
import { GET as statusGET } from "@/app/api/v1/billing/status/route";
import { GET as capGET } from "@/app/api/v1/billing/spend-cap/route";
import {
  bodies,
  callChecked,
  ctx,
  extraKey,
  fcOpts,
  fundedProOrg,
  nastyString,
  noParams,
  request,
  type Handler,
  makeFuzzPost,
} from "./helpers";

/**
 * Input fuzzing of the credits API (consume, holds, commit, release), GET /credits, GET /billing/status: thousands of generated bodies, queries
 * and path ids. Contract: never a 5xx, the JSON error shape on every 4xx, nothing written on a 4xx.
 */

const BASE = "http://localhost:3000/api/v1";
const RUNS = 1000;
// 2 cores shared with other suites: generous per-test timeouts (runs are what matter, not time).
vi.setConfig({ testTimeout: 300_000 });
let orgId: string;

beforeAll(async () => {
  ({ orgId } = await fundedProOrg("Fuzz credits"));
});

/** Property: POST `raw` to `handler`; on a 4xx the listed tables' rows for the org are unchanged. */
const fuzzPost = makeFuzzPost(() => orgId, BASE, RUNS);

describe("fuzz credits", () => {
  it("POST /credits/consume", async () => {
    await fuzzPost(consumePOST, "/credits/consume", fc.oneof(bodies({ amount: 1, idempotency_key: "c" }), bodies({ event: "api_call", quantity: 1, idempotency_key: "e" })), ["credit_transactions", "credit_holds"]);
  });

  it("POST /credits/holds", async () => {
    await fuzzPost(holdsPOST, "/credits/holds", bodies({ amount: 5, ttl_seconds: 60, idempotency_key: "h" }), ["credit_transactions", "credit_holds"]);
  });

  it("POST /credits/holds/:id/commit and /release with fuzzed ids and bodies", async () => {
    const hold = await callChecked(holdsPOST, request(`${BASE}/credits/holds`, { method: "POST", key: await extraKey(orgId), raw: JSON.stringify({ amount: 10, idempotency_key: "fuzz-hold" }) }));
    expect(hold.status).toBe(201);
    const holdId = (hold.body as { id: string }).id;
    const id = fc.oneof(nastyString, fc.constant(holdId), fc.constant(`${holdId}x`), fc.constant("hold_doesnotexist"));
    // Bodies for commit always over-commit or are invalid, so the real hold must survive every run.
    const commitsNothing = (raw: string) => {
      try {
        const a = (JSON.parse(raw) as { amount?: unknown } | null)?.amount;
        return !(typeof a === "number" && Number.isInteger(a) && a >= 0 && a <= 10);
      } catch {
        return true;
      }
    };
    const commitBodies = fc.oneof(bodies({ amount: 11 }), fc.constant(JSON.stringify({ amount: 11 })), fc.constant(JSON.stringify({ amount: -1 }))).filter(commitsNothing);
    const seen = await fuzzPost(commitPOST, `/credits/holds/x/commit`, commitBodies, ["credit_transactions", "credit_holds"], RUNS, "POST", id.map((i) => ({ id: i })));
    expect(seen.has(200)).toBe(false);
    const rel = await fuzzPost(releasePOST, `/credits/holds/x/release`, fc.constant(""), ["credit_transactions", "credit_holds"], 300, "POST", nastyString.filter((s) => s !== holdId).map((i) => ({ id: i })));
    expect([...rel.keys()].every((s) => s === 404 || s === 400)).toBe(true);
    const done = await callChecked(releasePOST, request(`${BASE}/credits/holds/${holdId}/release`, { method: "POST", key: await extraKey(orgId) }), ctx({ id: holdId }));
    expect(done.status).toBe(200);
    expect((done.body as { status: string }).status).toBe("released");
  });

  it("GET /credits and /billing/status ignore any query and bad auth headers are 401s", async () => {
    const auth = fc.oneof(nastyString, fc.constant("Bearer "), nastyString.map((s) => `Bearer ${s}`), fc.constant("Bearer bk_live_0000000000000000000000000000000000"));
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(auth, fc.constantFrom<Handler>(creditsGET, statusGET, capGET, usagePOST), async (a, h) => {
        let headers: Record<string, string>;
        try {
          headers = { authorization: a };
          new Headers(headers);
        } catch {
          return; // not a legal header value: never reaches a server
        }
        const out = await callChecked(h, request(`${BASE}/credits`, { headers }), noParams, `auth ${JSON.stringify(a).slice(0, 80)}`);
        statuses.add(out.status);
      }),
      fcOpts(RUNS),
    );
    expect([...statuses]).toEqual([401]);
  });
});

