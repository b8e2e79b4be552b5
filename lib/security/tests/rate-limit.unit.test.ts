import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { clientIp, consumeRateLimit, markPeerStamped, PEER_HEADER, resetRateLimit } from "@/lib/security/rate-limit";

describe("rate limits", () => {
  it("answers 429 with Retry-After once a key's budget is spent, per key", async () => {
    const key = `acct-${Math.random()}`;
    for (let i = 0; i < 20; i++) await consumeRateLimit("signInIp", key);
    const err = await consumeRateLimit("signInIp", key).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(429);
    expect(Number(err.headers["Retry-After"])).toBeGreaterThan(0);
    await expect(consumeRateLimit("signInIp", `other-${Math.random()}`)).resolves.toMatchObject({ limit: 20 });
    await resetRateLimit("signInIp", key);
    await expect(consumeRateLimit("signInIp", key)).resolves.toMatchObject({ limit: 20 });
  });
});

describe("clientIp (issue 14 finding 1: the first X-Forwarded-For entry was the client's choice)", () => {
  const h = (xff?: string, peer?: string) => {
    const headers = new Headers();
    if (xff) headers.set("x-forwarded-for", xff);
    if (peer) headers.set(PEER_HEADER, peer);
    return headers;
  };
  afterEach(() => markPeerStamped(false));

  it("with 0 trusted hops, is the socket peer whatever X-Forwarded-For says", () => {
    markPeerStamped();
    expect(clientIp(h("198.51.100.1", "203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(clientIp(h("198.51.100.2, 10.0.0.1", "203.0.113.7"), 0)).toBe("203.0.113.7");
    expect(clientIp(h(undefined, "::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
  });

  it("with N trusted hops, is the Nth address from the right (what the proxies appended)", () => {
    markPeerStamped();
    // client → proxy A (appends client) → proxy B (appends A) → app (peer B)
    expect(clientIp(h("6.6.6.6, 198.51.100.9, 10.0.0.2", "10.0.0.3"), 1)).toBe("10.0.0.2");
    expect(clientIp(h("6.6.6.6, 198.51.100.9, 10.0.0.2", "10.0.0.3"), 2)).toBe("198.51.100.9");
    // a client-chosen entry to the left of what the trusted proxies wrote never counts
    expect(clientIp(h("1.1.1.1, 198.51.100.9", "10.0.0.3"), 1)).toBe("198.51.100.9");
    // fewer addresses than hops: the furthest one
    expect(clientIp(h(undefined, "10.0.0.3"), 2)).toBe("10.0.0.3");
  });

  it("never trusts a peer header the server did not stamp (no instrumentation): the client could send it", () => {
    expect(clientIp(h("198.51.100.1", "198.51.100.77"), 0)).toBe("unknown");
    expect(clientIp(h("198.51.100.2"), 0)).toBe("unknown");
  });

  it("rotating X-Forwarded-For does not give fresh sign-in budgets", async () => {
    markPeerStamped();
    const peer = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 20; i++) await consumeRateLimit("signInIp", clientIp(h(`198.51.100.${i}`, peer)));
    const err = await consumeRateLimit("signInIp", clientIp(h("198.51.100.250", peer))).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(429);
  });
});

describe("the peer-address stamp", () => {
  it("overwrites a client-sent peer header with the socket's address", async () => {
    const { stampPeer } = await import("@/lib/security/peer-address");
    const req = { socket: { remoteAddress: "203.0.113.5" }, headers: { [PEER_HEADER]: "1.2.3.4", "x-forwarded-for": "1.2.3.4" } };
    stampPeer(req as never);
    expect(req.headers[PEER_HEADER]).toBe("203.0.113.5");
  });

  it("is installed on node:http servers: a real request's handler sees the socket peer", async () => {
    const http = await import("node:http");
    const { installPeerAddressStamp } = await import("@/lib/security/peer-address");
    installPeerAddressStamp();
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const body = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } }).then((r) => r.text());
    server.close();
    expect(body).toBe("127.0.0.1");
  });
});
