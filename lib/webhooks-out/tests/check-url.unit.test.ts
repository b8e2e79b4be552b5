import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, fetch } from "undici";
import { describe, expect, it } from "vitest";
import { assertDeliverableUrl, isPrivateAddress, publicOnlyLookup } from "@/lib/webhooks-out/check-url";

const prod = (resolve: Record<string, string[]>, allowedHosts: string[] = []) => ({
  production: true,
  allowedHosts,
  resolve: async (h: string) => resolve[h] ?? [],
});

describe("webhook endpoint URL check", () => {
  it("classifies private, loopback and link-local addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "100.64.0.1"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses, in production, a host that resolves to a private address (or a literal one)", async () => {
    const opts = prod({ "hooks.example.com": ["93.184.216.34"], "internal.example.com": ["10.0.0.5"], "mixed.example.com": ["93.184.216.34", "127.0.0.1"] });
    await expect(assertDeliverableUrl("https://hooks.example.com/in", opts)).resolves.toBeInstanceOf(URL);
    await expect(assertDeliverableUrl("https://internal.example.com/in", opts)).rejects.toMatchObject({ code: "private_address", status: 400 });
    await expect(assertDeliverableUrl("https://mixed.example.com/in", opts)).rejects.toMatchObject({ code: "private_address" });
    await expect(assertDeliverableUrl("http://127.0.0.1:8080/in", opts)).rejects.toMatchObject({ code: "private_address" });
    await expect(assertDeliverableUrl("http://[::1]/in", opts)).rejects.toMatchObject({ code: "private_address" });
    await expect(assertDeliverableUrl("http://169.254.169.254/latest/meta-data", opts)).rejects.toMatchObject({ code: "private_address" });
    await expect(assertDeliverableUrl("http://localhost/in", prod({ localhost: ["127.0.0.1"] }))).rejects.toMatchObject({ code: "private_address" });
  });

  it("allows a host on the allow-list in production, and localhost outside production", async () => {
    await expect(assertDeliverableUrl("http://receiver.internal/in", prod({ "receiver.internal": ["10.0.0.9"] }, ["receiver.internal"]))).resolves.toBeInstanceOf(URL);
    await expect(assertDeliverableUrl("http://127.0.0.1:9/in", { production: false })).resolves.toBeInstanceOf(URL);
  });

  it("refuses non-http URLs and credentials", async () => {
    await expect(assertDeliverableUrl("ftp://example.com/x", { production: false })).rejects.toMatchObject({ code: "invalid_url" });
    await expect(assertDeliverableUrl("not a url", { production: false })).rejects.toMatchObject({ code: "invalid_url" });
    await expect(assertDeliverableUrl("https://u:p@example.com/x", { production: false })).rejects.toMatchObject({ code: "invalid_url" });
  });

  it("DNS rebinding: the check saw a public address, the connection is answered 127.0.0.1 — the socket's own lookup refuses it", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    // the attacker's DNS: public to the first question (the URL check), loopback afterwards (the connection)
    let asked = 0;
    const rebinding = async () => (asked++ === 0 ? ["93.184.216.34"] : ["127.0.0.1"]);
    const resolve = ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      void rebinding().then((list) => cb(null, list.map((address) => ({ address, family: 4 }))))) as never;
    try {
      const url = `http://rebind.example.com:${port}/hook`;
      await expect(assertDeliverableUrl(url, { production: true, allowedHosts: [], resolve: rebinding })).resolves.toBeInstanceOf(URL);
      const pinned = new Agent({ connect: { lookup: publicOnlyLookup({ allowedHosts: [], resolve }) as never } });
      const err = await fetch(url, { method: "POST", body: "{}", dispatcher: pinned }).then(() => null, (e: Error & { cause?: { code?: string } }) => e);
      expect(err?.cause?.code).toBe("EPRIVATEADDRESS");
      expect(hits).toBe(0);
      // a self-hoster's allowed host connects although it is private
      const allowed = new Agent({ connect: { lookup: publicOnlyLookup({ allowedHosts: ["rebind.example.com"], resolve }) as never } });
      const res = await fetch(url, { method: "POST", body: "{}", dispatcher: allowed });
      expect(res.status).toBe(200);
      expect(hits).toBe(1);
      await Promise.all([pinned.close(), allowed.close()]);
    } finally {
      server.close();
    }
  });
});
