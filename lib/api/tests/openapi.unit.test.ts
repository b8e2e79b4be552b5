import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "../operations";
import { buildOpenApiDocument } from "../openapi";

/**
 * The OpenAPI document is valid OpenAPI 3.1 (Redocly's linter, recommended rules), and it describes
 * exactly the /api/v1 routes that exist: every route file's exported methods, with the scope its
 * withApiKey / withUsage wrapper demands.
 */
const ROOT = path.resolve(__dirname, "../../..");
const API_DIR = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "tests" ? [] : routeFiles(path.join(dir, e.name))) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** `GET /api/v1/credits/holds/{id}/commit` → the scope its wrapper names ("public" for a bare route()). */
function routesOnDisk(): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const file of routeFiles(API_DIR)) {
    const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
    const apiPath = "/" + rel.replace(/\[([^\]]+)\]/g, "{$1}");
    const src = readFileSync(file, "utf8");
    for (const m of METHODS) {
      const exp = new RegExp(`export const ${m} = (withApiKey|withUsage|route)(?:<[^>]*>)?\\(\\s*(null|"([^"]+)")?`).exec(src);
      if (!exp) {
        if (new RegExp(`export (const|async function|function) ${m}\\b`).test(src)) throw new Error(`${file}: ${m} is not wrapped by withApiKey/withUsage/route`);
        continue;
      }
      const scope = exp[1] === "withUsage" ? "usage:write" : exp[1] === "route" ? "public" : exp[2] === "null" ? null : exp[3]!;
      out.set(`${m} ${apiPath}`, scope);
    }
  }
  return out;
}

async function lint(doc: unknown) {
  const config = await createConfig({ extends: ["recommended"], rules: { "info-contact": "off", "no-server-example.com": "off" } });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: "openapi.json", config });
  return problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
}

describe("GET /api/v1/openapi.json", () => {
  it("is valid OpenAPI 3.1 (Redocly lint, recommended rules)", async () => {
    const doc = buildOpenApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(await lint(doc)).toEqual([]);
  });

  it("the linter catches a broken document (so the check above can fail)", async () => {
    const doc = structuredClone(buildOpenApiDocument()) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>> };
    doc.paths["/api/v1/usage"]!.post!.responses["200"] = { description: "x", content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } } };
    doc.paths["/api/v1/credits/holds/{id}/commit"]!.post!.parameters = [];
    const errors = await lint(doc);
    expect(errors.some((e) => e.startsWith("no-unresolved-refs"))).toBe(true);
    expect(errors.some((e) => e.startsWith("path-parameters-defined"))).toBe(true);
  });

  it("documents every /api/v1 route file and method, and nothing else", () => {
    const disk = routesOnDisk();
    const doc = buildOpenApiDocument();
    const documented = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${p}`),
    );
    expect(disk.size).toBeGreaterThanOrEqual(27);
    expect(documented.sort()).toEqual([...disk.keys()].sort());
  });

  it("each operation's documented scope is the one its wrapper checks", () => {
    const disk = routesOnDisk();
    for (const op of API_OPERATIONS) expect({ op: `${op.method.toUpperCase()} ${op.path}`, scope: op.scope }).toEqual({ op: `${op.method.toUpperCase()} ${op.path}`, scope: disk.get(`${op.method.toUpperCase()} ${op.path}`) });
    const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, { security?: Record<string, string[]>[]; responses: Record<string, unknown> }>> };
    const patch = doc.paths["/api/v1/billing/subscription"]!.patch!;
    expect(patch.security).toEqual([{ apiKey: ["billing:write"] }]);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "429"]));
    expect(doc.paths["/api/v1/openapi.json"]!.get!.security).toEqual([]);
  });

  it("describes the error shape and the seed contract of /billing/status", () => {
    const doc = buildOpenApiDocument() as unknown as { components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } };
    const err = doc.components.schemas.Error!;
    expect(err.required).toEqual(["error"]);
    const status = doc.components.schemas.BillingStatus!;
    expect(Object.keys(status.properties!).sort()).toEqual(["expires_at", "has_subscription", "overage_amount_cents", "status", "tier", "usage", "usage_by_metric"]);
  });

  it("every property name on the wire is snake_case", () => {
    const names = new Set<string>();
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== "object") return;
      for (const [k, x] of Object.entries(v)) {
        if (k === "properties" && (v as { type?: unknown }).type === "object" && x && typeof x === "object") Object.keys(x).forEach((n) => names.add(n));
        walk(x);
      }
    };
    walk(buildOpenApiDocument());
    expect([...names].filter((n) => !/^[a-z0-9_]+$/.test(n))).toEqual([]);
  });
});
