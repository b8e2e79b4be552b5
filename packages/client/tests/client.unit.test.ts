import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { BillingApiError, createBillingClient, verifyWebhook, WebhookVerificationError } from "../src";

/** The client's helpers: Standard Webhooks verification and the wire they send (against a stub fetch). */
const SECRET = "whsec_" + Buffer.from("a-test-secret-of-32-bytes-long!!").toString("base64");

function signed(body: string, at = new Date()) {
  const id = "msg_2Lq0p8xZ";
  const signature = new Webhook(SECRET).sign(id, at, body);
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

describe("verifyWebhook", () => {
  const body = JSON.stringify({ type: "subscription.updated", data: { plan: "pro" } });

  it("accepts our signature (Headers or a plain object) and returns the event", () => {
    const h = signed(body);
    expect(verifyWebhook(body, h, SECRET)).toEqual({ type: "subscription.updated", data: { plan: "pro" } });
    expect(verifyWebhook(Buffer.from(body), new Headers(h), SECRET)).toMatchObject({ type: "subscription.updated" });
  });

  it("refuses a changed body, another secret, a missing header and an old timestamp", () => {
    const h = signed(body);
    expect(() => verifyWebhook(body.replace("pro", "enterprise"), h, SECRET)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, h, "whsec_" + Buffer.from("another-secret-another-secret-xx").toString("base64"))).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, { ...h, "webhook-signature": "" }, SECRET)).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(body, signed(body, new Date(Date.now() - 10 * 60_000)), SECRET)).toThrow(WebhookVerificationError);
  });
});

describe("helpers", () => {
  const seen: Request[] = [];
  const fetch = async (req: Request) => {
    seen.push(req);
    if (req.url.includes("/credits/consume")) return Response.json({ error: { code: "insufficient_credits", message: "Not enough credits." } }, { status: 402 });
    if (req.url.includes("/check")) return Response.json({ allowed: true, limit: 10, used: 1, remaining: 9, resets_at: "2026-12-31T00:00:00Z", overage: 0 });
    return Response.json({ recorded: 1, duplicates: 0, events: [] });
  };
  const client = createBillingClient({ baseUrl: "https://billing.example.com/", apiKey: "bk_test", fetch });

  it("send the key, the pinned version and snake_case bodies", async () => {
    await client.track({ metric: "api_calls", quantity: 2, idempotencyKey: "req_1", timestamp: new Date("2026-12-01T00:00:00Z") });
    const req = seen.at(-1)!;
    expect(req.url).toBe("https://billing.example.com/api/v1/usage");
    expect(req.headers.get("authorization")).toBe("Bearer bk_test");
    expect(req.headers.get("billing-version")).toBe("2026-12-01");
    expect(await req.json()).toEqual({ metric: "api_calls", quantity: 2, idempotency_key: "req_1", timestamp: "2026-12-01T00:00:00.000Z" });
    await client.track([{ metric: "tokens", quantity: 5 }]);
    const batch = (await seen.at(-1)!.json()) as { events: { idempotency_key: string }[] };
    expect(batch.events[0]!.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("check builds the query; errors become BillingApiError with the code", async () => {
    expect((await client.check({ metric: "api_calls", quantity: 3 })).remaining).toBe(9);
    expect(new URL(seen.at(-1)!.url).search).toBe("?metric=api_calls&quantity=3");
    const err = await client.consume({ amount: 5, idempotencyKey: "c" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BillingApiError);
    expect(err).toMatchObject({ status: 402, code: "insufficient_credits", message: "Not enough credits." });
  });
});
