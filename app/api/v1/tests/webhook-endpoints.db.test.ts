import { beforeAll, describe, expect, it } from "vitest";
import { SCOPE_PRESETS } from "@/lib/auth/api-key-scopes";
import { createApiKey } from "@/lib/auth/create-api-key";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { decryptSecret } from "@/lib/webhooks-out/secrets";
import { inProcessClient } from "@/tests/api-client";
import { db } from "@/db";
import { webhookEndpoints } from "@/db/schema";
import { eq } from "drizzle-orm";

/** /api/v1/webhook-endpoints through the typed client (answers checked against the OpenAPI document). */
const sys = { type: "system" as const, id: null };
let full: string;
let readOnly: string;

beforeAll(async () => {
  const orgId = await makeOrg("Hooks API org");
  full = (await createApiKey({ orgId, name: "full", actor: sys, scopes: SCOPE_PRESETS.full.scopes })).key;
  readOnly = (await createApiKey({ orgId, name: "ro", actor: sys, scopes: SCOPE_PRESETS.read_only.scopes })).key;
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
});
