import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiReference } from "@/components/docs/api-reference";
import { API_OPERATIONS } from "../operations";
import { buildOpenApiDocument } from "../openapi";
import { buildReference } from "../reference";

/** /docs/api renders the whole document on the server: every operation, its scope, parameters, body fields and responses. */
const view = buildReference(buildOpenApiDocument() as unknown as Record<string, unknown>);
const html = renderToStaticMarkup(createElement(ApiReference, { view }));
const text = html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

describe("/docs/api", () => {
  it("lists every operation with its method, path and scope", () => {
    const ops = view.tags.flatMap((t) => t.operations);
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(API_OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
    for (const op of API_OPERATIONS) {
      expect(html).toContain(`id="${op.operationId}"`);
      if (op.scope && op.scope !== "public") expect(ops.find((o) => o.id === op.operationId)!.scope).toBe(op.scope);
    }
    expect((html.match(/data-testid="api-scope"/g) ?? []).length).toBe(API_OPERATIONS.filter((o) => o.scope && o.scope !== "public").length);
  });

  it("shows parameters, body fields (nested, resolved refs), responses and the error shape", () => {
    const commit = view.tags.flatMap((t) => t.operations).find((o) => o.id === "commitHold")!;
    expect(commit.params.map((p) => `${p.in}:${p.name}`)).toEqual(["path:id", "header:Billing-Version"]);
    expect(commit.body!.rows).toEqual([expect.objectContaining({ name: "amount", type: "integer", required: true })]);
    const usage = view.tags.flatMap((t) => t.operations).find((o) => o.id === "recordUsage")!;
    expect(usage.body!.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["idempotency_key", "events[].idempotency_key", "events[].metric"]));
    const sub = view.tags.flatMap((t) => t.operations).find((o) => o.id === "getSubscription")!;
    expect(sub.responses.find((r) => r.status === "200")!.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["effective_plan.key", "subscription.cancel_at_period_end", "subscription.pending_change.effective_at"]));
    expect(sub.responses.map((r) => r.status)).toEqual(expect.arrayContaining(["400", "401", "403", "429", "500"]));
    expect(text).toContain('{"error":{"code","message"}}');
    expect(text).toContain("Billing-Version");
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)[a-z.]+\/[^"]*\.(js|css)/); // nothing fetched from elsewhere
  });
});
