import fc from "fast-check";
import Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { nowUnix } from "@/lib/clock";
import { PUBLIC_SANDBOX_WEBHOOK_SECRET as SANDBOX_WEBHOOK_SECRET } from "@/lib/stripe/webhooks/webhook-secret";
import { badText, bodies, callChecked, fcOpts, nastyString, nastyValue, request, storedEvents } from "./helpers";

/**
 * Fuzzing POST /api/webhooks/stripe: random bodies with missing, random, forged and stale signatures
 * (→ 400, nothing stored), and random bodies correctly signed (→ 200 stored or 400 invalid_event; never 5xx).
 */

vi.setConfig({ testTimeout: 300_000 });
const URL_ = "http://localhost:3000/api/webhooks/stripe";
const sign = (payload: string, secret = SANDBOX_WEBHOOK_SECRET, timestamp = nowUnix()) => Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
const eventTemplate = { id: "evt_fuzz", object: "event", type: "customer.updated", created: 1_700_000_000, api_version: "2026-10-28.endive", livemode: false, data: { object: { id: "cus_x", object: "customer" } } };

const legalHeader = (v: string) => {
  try {
    new Headers({ "stripe-signature": v });
    return true;
  } catch {
    return false;
  }
};

describe("fuzz POST /api/webhooks/stripe", () => {
  it("unsigned / badly signed bodies → 400 in the error shape, nothing stored", async () => {
    const header = fc.oneof(
      fc.constant(null),
      nastyString.filter(legalHeader),
      fc.constant("t=1,v1=deadbeef"),
      fc.tuple(fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/)).map(([t, h]) => `t=${t},v1=${h}`),
    );
    const mode = fc.constantFrom("random", "forged", "stale", "tampered");
    const ids = new Set<string>();
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(bodies(eventTemplate), header, mode, async (body, h, m) => {
        try {
          const id = (JSON.parse(body) as { id?: unknown } | null)?.id;
          if (typeof id === "string") ids.add(id);
        } catch {
          // not JSON: no id
        }
        let sig: string | null = h;
        let payload = body;
        if (m === "forged") sig = sign(body, "whsec_attacker_000000000000000000000000");
        if (m === "stale") sig = sign(body, SANDBOX_WEBHOOK_SECRET, nowUnix() - 301);
        if (m === "tampered") {
          sig = sign(body);
          payload = `${body} `;
        }
        const out = await callChecked(POST, request(URL_, { method: "POST", raw: payload, headers: sig === null ? {} : { "stripe-signature": sig } }), undefined, `${m} ${payload.slice(0, 80)}`);
        expect(out.status).toBe(400);
        codes.add((out.body as { error: { code: string } }).error.code);
      }),
      fcOpts(1500),
    );
    expect(await storedEvents([...ids])).toBe(0);
    expect([...codes].sort()).toEqual(expect.arrayContaining(["invalid_signature", "signature_expired"]));
  });

  it("correctly signed random bodies → 200 (stored once) or 400 (nothing stored), never 5xx", async () => {
    const event = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({
        id: fc.oneof(nastyString, fc.uuid().map((u) => `evt_${u}`)),
        type: fc.oneof(nastyString, fc.constantFrom("customer.updated", "invoice.paid", "totally.unknown", "checkout.session.completed")),
        // Out-of-range numbers are pinned separately below (a known 500).
        created: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), nastyString, fc.constantFrom(null, true, [], {})),
        data: fc.oneof(nastyValue, fc.record({ object: fc.oneof(nastyValue, fc.record({ id: nastyString, object: nastyString, customer: nastyValue })) })),
        livemode: nastyValue,
        api_version: nastyValue,
      }, { requiredKeys: [] }),
    ).filter((v) => !badText(v));
    const stored = new Set<string>();
    const refused = new Set<string>();
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const payload = JSON.stringify(e);
        const out = await callChecked(POST, request(URL_, { method: "POST", raw: payload, headers: { "stripe-signature": sign(payload) } }), undefined, payload.slice(0, 200));
        expect([200, 400]).toContain(out.status);
        const id = (e as { id?: unknown } | null)?.id;
        if (out.status === 200) stored.add(id as string);
        else if (typeof id === "string") refused.add(id);
      }),
      fcOpts(800),
    );
    expect(await storedEvents([...stored])).toBe(stored.size);
    expect(await storedEvents([...refused].filter((id) => !stored.has(id)))).toBe(0);
  });

  it("BUG (pinned): a signed event whose `created` is outside the Date range → 400 invalid_event, not 500", async () => {
    for (const created of [9007199254740992, 1e20, -1e20]) {
      const payload = JSON.stringify({ ...eventTemplate, id: `evt_created_${created}`, created });
      const res = await POST(request(URL_, { method: "POST", raw: payload, headers: { "stripe-signature": sign(payload) } }), { params: Promise.resolve({}) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_event");
    }
  });
});
