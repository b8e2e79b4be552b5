import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { SCOPE_PRESETS } from "@/lib/auth/api-key-scopes";
import { createApiKey } from "@/lib/auth/create-api-key";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { decryptSecret } from "@/lib/webhooks-out/secrets";
import { inProcessClient } from "@/tests/api-client";
import { db } from "@/db";
import { auditLog, webhookEndpoints } from "@/db/schema";
import { eq } from "drizzle-orm";

/** /api/v1/webhook-endpoints through the typed client (answers checked against the OpenAPI document). */
const sys = { type: "system" as const, id: null };
let full: string;
let readOnly: string;
let otherKey: string;
const servers: Server[] = [];

/** A receiver in this process answering `status` to every request. */
async function receiver(status = 204) {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got };
}
const verify = (secret: string, r: { headers: IncomingHttpHeaders; body: string }) =>
  new Webhook(secret).verify(r.body, {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  }) as { id: string; type: string; data: Record<string, unknown> };

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

beforeAll(async () => {
  const orgId = await makeOrg("Hooks API org");
  full = (await createApiKey({ orgId, name: "full", actor: sys, scopes: SCOPE_PRESETS.full.scopes })).key;
  readOnly = (await createApiKey({ orgId, name: "ro", actor: sys, scopes: SCOPE_PRESETS.read_only.scopes })).key;
  const other = await makeOrg("Stranger hooks org");
  otherKey = (await createApiKey({ orgId: other, name: "stranger", actor: sys, scopes: SCOPE_PRESETS.full.scopes })).key;
});

describe("/api/v1/webhook-endpoints", () => {
  it("creates an endpoint (secret in that answer only) and lists it without the secret", async () => {
    const api = inProcessClient(full).api;
    const created = await api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/hooks", event_types: ["invoice.paid", "credits.granted"] } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ url: "http://127.0.0.1:9/hooks", event_types: ["credits.granted", "invoice.paid"], enabled: true, rotation_ends_at: null });
    expect(created.data!.secret).toMatch(/^whsec_/);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.data!.id));
    expect(decryptSecret(row!.secretEncrypted)).toBe(created.data!.secret);

    const list = await inProcessClient(readOnly).api.GET("/api/v1/webhook-endpoints");
    expect(list.response.status).toBe(200);
    expect(list.data!.data.map((e) => e.id)).toEqual([created.data!.id]);
    expect(JSON.stringify(list.data)).not.toContain(created.data!.secret);
  });

  it("refuses bad input with 400 and a read-only key with 403", async () => {
    const api = inProcessClient(full).api;
    const bad = await api.POST("/api/v1/webhook-endpoints", { body: { url: "ftp://example.com/x", event_types: ["*"] } });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ error: { code: "invalid_url" } });
    const unknownType = await api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/x", event_types: ["nope" as never] } });
    expect(unknownType.response.status).toBe(400);
    const ro = await inProcessClient(readOnly).api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/x", event_types: ["*"] } });
    expect(ro.response.status).toBe(403);
  });

  it("changes and deletes an endpoint; another organisation's key gets 404", async () => {
    const api = inProcessClient(full).api;
    const { data } = await api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/change-me", event_types: ["*"] } });
    const id = data!.id;
    const other = await makeOrg("Other hooks org");
    const otherKey = (await createApiKey({ orgId: other, name: "other", actor: sys, scopes: SCOPE_PRESETS.full.scopes })).key;
    const stranger = inProcessClient(otherKey).api;
    expect((await stranger.PATCH("/api/v1/webhook-endpoints/{id}", { params: { path: { id } }, body: { enabled: false } })).response.status).toBe(404);
    expect((await stranger.DELETE("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } })).response.status).toBe(404);

    const changed = await api.PATCH("/api/v1/webhook-endpoints/{id}", { params: { path: { id } }, body: { enabled: false, event_types: ["invoice.paid"] } });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({ id, enabled: false, event_types: ["invoice.paid"] });
    const deleted = await api.DELETE("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } });
    expect(deleted.data).toEqual({ id, deleted: true });
    expect((await api.GET("/api/v1/webhook-endpoints")).data!.data.map((e) => e.id)).not.toContain(id);
    expect((await api.DELETE("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } })).response.status).toBe(404);
  });

  it("sends a test event, signed, which shows in the delivery log; a read-only key may read the log, not send", async () => {
    const rx = await receiver();
    const api = inProcessClient(full).api;
    const { data: ep } = await api.POST("/api/v1/webhook-endpoints", { body: { url: rx.url, event_types: ["credits.granted"] } });
    const id = ep!.id;
    const sent = await api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } });
    expect(sent.response.status).toBe(202);
    const deliveryId = sent.data!.delivery_id;
    expect(deliveryId).toMatch(/^whd_/);
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);
    const msg = verify(ep!.secret, rx.got[0]!);
    expect(msg).toMatchObject({ type: "webhook.test", data: { endpoint_id: id } });

    const log = await inProcessClient(readOnly).api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id } } });
    expect(log.response.status).toBe(200);
    expect(log.data).toMatchObject({ has_more: false, next_cursor: null, data: [{ id: deliveryId, endpoint_id: id, event_id: msg.id, event_type: "webhook.test", status: "succeeded", attempts: 1, last_status_code: 204, next_attempt_at: null }] });
    expect((await inProcessClient(readOnly).api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } })).response.status).toBe(403);
    expect((await inProcessClient(otherKey).api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } })).response.status).toBe(404);
    expect((await inProcessClient(otherKey).api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id } } })).response.status).toBe(404);
    expect(rx.got).toHaveLength(1);
  });

  it("pages the delivery log newest first with next_cursor; a cursor from elsewhere is 400", async () => {
    const api = inProcessClient(full).api;
    const { data: ep } = await api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/paged", event_types: ["*"] } });
    const id = ep!.id;
    const sentIds: string[] = [];
    for (let i = 0; i < 5; i++) sentIds.push((await api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } })).data!.delivery_id);
    await drainInlineJobs();
    const all = (await api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id }, query: { limit: 100 } } })).data!;
    expect(all.data.map((d) => d.id).sort()).toEqual([...sentIds].sort());
    const created = all.data.map((d) => d.created_at);
    expect(created).toEqual([...created].sort().reverse());

    const pages: { ids: string[]; has_more: boolean; next_cursor: string | null }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id }, query: { limit: 2, ...(cursor ? { cursor } : {}) } } });
      expect(page.response.status).toBe(200);
      pages.push({ ids: page.data!.data.map((d) => d.id), has_more: page.data!.has_more, next_cursor: page.data!.next_cursor });
      cursor = page.data!.next_cursor ?? undefined;
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.ids.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    expect(pages.flatMap((p) => p.ids)).toEqual(all.data.map((d) => d.id));

    const { data: other } = await api.POST("/api/v1/webhook-endpoints", { body: { url: "http://127.0.0.1:9/other", event_types: ["*"] } });
    const foreign = (await api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id: other!.id } } })).data!.delivery_id;
    const bad = await api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id }, query: { cursor: foreign } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ error: { code: "invalid_cursor" } });
    expect((await api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id }, query: { limit: 0 } } })).response.status).toBe(400);
    await drainInlineJobs();
  });

  it("re-sends a delivery (also a succeeded one); only through its own endpoint and organisation", async () => {
    const rx = await receiver();
    const api = inProcessClient(full).api;
    const { data: ep } = await api.POST("/api/v1/webhook-endpoints", { body: { url: rx.url, event_types: ["*"] } });
    const id = ep!.id;
    const deliveryId = (await api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } })).data!.delivery_id;
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);

    const path = { id, deliveryId };
    expect((await inProcessClient(readOnly).api.POST("/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", { params: { path } })).response.status).toBe(403);
    expect((await inProcessClient(otherKey).api.POST("/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", { params: { path } })).response.status).toBe(404);
    const { data: elsewhere } = await api.POST("/api/v1/webhook-endpoints", { body: { url: rx.url, event_types: ["*"] } });
    expect((await api.POST("/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", { params: { path: { id: elsewhere!.id, deliveryId } } })).response.status).toBe(404);
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);

    const resent = await api.POST("/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", { params: { path } });
    expect(resent.response.status).toBe(202);
    expect(resent.data).toEqual({ id: deliveryId, resent: true });
    await drainInlineJobs();
    expect(rx.got).toHaveLength(2);
    expect(rx.got[1]!.headers["webhook-id"]).toBe(rx.got[0]!.headers["webhook-id"]);
    expect(verify(ep!.secret, rx.got[1]!).type).toBe("webhook.test");
    const log = (await api.GET("/api/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id } } })).data!;
    expect(log.data).toMatchObject([{ id: deliveryId, status: "succeeded", attempts: 1 }]);
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, deliveryId));
    expect(audits.map((a) => a.action)).toEqual(["webhook_delivery.resent"]);
  });

  it("rotates the secret: the new one shown once, and both sign until the overlap ends", async () => {
    const rx = await receiver();
    const api = inProcessClient(full).api;
    const { data: ep } = await api.POST("/api/v1/webhook-endpoints", { body: { url: rx.url, event_types: ["*"] } });
    const id = ep!.id;
    expect((await inProcessClient(readOnly).api.POST("/api/v1/webhook-endpoints/{id}/rotate-secret", { params: { path: { id } } })).response.status).toBe(403);
    expect((await inProcessClient(otherKey).api.POST("/api/v1/webhook-endpoints/{id}/rotate-secret", { params: { path: { id } } })).response.status).toBe(404);

    const rotated = await api.POST("/api/v1/webhook-endpoints/{id}/rotate-secret", { params: { path: { id } } });
    expect(rotated.response.status).toBe(200);
    expect(rotated.data!.secret).toMatch(/^whsec_/);
    expect(rotated.data!.secret).not.toBe(ep!.secret);
    expect(Date.parse(rotated.data!.rotation_ends_at!) - Date.now()).toBeGreaterThan(23 * 60 * 60_000);
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(decryptSecret(row!.secretEncrypted)).toBe(rotated.data!.secret);
    const listed = (await api.GET("/api/v1/webhook-endpoints")).data!.data.find((e) => e.id === id)!;
    expect(listed.rotation_ends_at).toBe(rotated.data!.rotation_ends_at);
    expect(JSON.stringify(listed)).not.toContain(rotated.data!.secret);

    await api.POST("/api/v1/webhook-endpoints/{id}/test", { params: { path: { id } } });
    await drainInlineJobs();
    expect(rx.got).toHaveLength(1);
    expect(String(rx.got[0]!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verify(rotated.data!.secret, rx.got[0]!).type).toBe("webhook.test");
    expect(verify(ep!.secret, rx.got[0]!).type).toBe("webhook.test");
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, id));
    expect(audits.map((a) => a.action)).toContain("webhook_endpoint.secret_rotated");
    expect(JSON.stringify(await db.select().from(auditLog).where(eq(auditLog.target, id)))).not.toContain(rotated.data!.secret);
  });
});
