/**
 * A readable view of the OpenAPI document for /docs/api, built on the server (no CDN, no client
 * script): operations grouped by tag, each with its scope, parameters, body and responses, and every
 * schema flattened into rows of `field · type · required · description` (refs resolved, nesting shown
 * by dotted names). A small renderer of our own, so the page works offline.
 */
type Json = Record<string, unknown>;
export type FieldRow = { name: string; type: string; required: boolean; description?: string };
export type ParamRow = FieldRow & { in: string };
export type OperationView = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  scope: string | null;
  auth: "scope" | "any-key" | "public";
  metered?: { metric: string; cost: number; feature?: string };
  params: ParamRow[];
  body?: { schemaName?: string; rows: FieldRow[] };
  responses: { status: string; description: string; mediaType?: string; schemaName?: string; rows: FieldRow[] }[];
};
export type ReferenceView = { title: string; version: string; description: string; tags: { name: string; description?: string; operations: OperationView[] }[]; scopes: string };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export function buildReference(doc: Json): ReferenceView {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const refName = (s: Json | undefined) => (typeof s?.$ref === "string" ? s.$ref.split("/").pop() : undefined);
  const resolve = (s: Json | undefined, seen = new Set<string>()): Json => {
    const name = refName(s);
    if (!name || seen.has(name)) return s ?? {};
    seen.add(name);
    const { $ref: _r, ...rest } = s!;
    return { ...resolve(schemas[name], seen), ...rest };
  };

  const typeOf = (raw: Json | undefined): string => {
    const s = resolve(raw);
    const name = refName(raw);
    const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
    if (alts) {
      const parts = alts.map((a) => typeOf(a));
      const nonNull = parts.filter((p) => p !== "null");
      return nonNull.length < parts.length ? `${nonNull.join(" | ")} | null` : parts.join(" | ");
    }
    if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
    if (s.const !== undefined) return JSON.stringify(s.const);
    const t = Array.isArray(s.type) ? (s.type as string[]).join(" | ") : (s.type as string | undefined);
    if (t === "array") return `${typeOf(s.items as Json)}[]`;
    if (t === "object" && s.additionalProperties && typeof s.additionalProperties === "object" && !s.properties) return `map of ${typeOf(s.additionalProperties as Json)}`;
    if (t === "object" && name) return name;
    const fmt = typeof s.format === "string" ? ` (${s.format})` : "";
    return (t ?? (name || "any")) + fmt;
  };

  const rows = (raw: Json | undefined, prefix = "", depth = 0): FieldRow[] => {
    if (!raw || depth > 5) return [];
    const s = resolve(raw);
    const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
    if (alts && alts.some((a) => resolve(a).type === "object")) {
      return alts.flatMap((a, i) => {
        const sub = rows(a, prefix, depth + 1);
        return [{ name: `${prefix || "body"} — option ${i + 1}`, type: typeOf(a), required: false, description: (resolve(a).description as string | undefined) ?? undefined }, ...sub];
      });
    }
    if (s.type === "array") return rows(s.items as Json, `${prefix}[]`, depth + 1);
    if (s.type === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") return rows(s.additionalProperties as Json, `${prefix}.{key}`, depth + 1);
    const props = (s.properties ?? {}) as Record<string, Json>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    return Object.entries(props).flatMap(([k, v]) => {
      const name = prefix ? `${prefix}.${k}` : k;
      const r = resolve(v);
      const row: FieldRow = { name, type: typeOf(v), required: required.has(k), description: (r.description as string | undefined) ?? undefined };
      const nested = r.type === "object" || r.type === "array" || (r.anyOf as Json[] | undefined)?.some((a) => resolve(a).type === "object") ? rows(v, name, depth + 1) : [];
      return [row, ...nested];
    });
  };

  const tags = ((doc.tags as Json[] | undefined) ?? []).map((t) => ({ name: String(t.name), description: t.description as string | undefined, operations: [] as OperationView[] }));
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const security = op.security as Record<string, string[]>[] | undefined;
      const scope = (op["x-required-scope"] as string | undefined) ?? null;
      const view: OperationView = {
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        description: String(op.description ?? ""),
        tag: ((op.tags as string[] | undefined) ?? ["Other"])[0]!,
        scope,
        auth: security && security.length === 0 ? "public" : scope ? "scope" : "any-key",
        metered: op["x-metered"] as OperationView["metered"],
        params: ((op.parameters as Json[] | undefined) ?? []).map((p) => ({
          name: String(p.name),
          in: String(p.in),
          type: typeOf(p.schema as Json),
          required: Boolean(p.required),
          description: (p.description as string | undefined) ?? ((resolve(p.schema as Json).description as string | undefined) ?? undefined),
        })),
        responses: [],
      };
      const bodySchema = (((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema as Json | undefined;
      if (bodySchema) view.body = { schemaName: refName(bodySchema), rows: rows(bodySchema) };
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        const content = (r.content ?? {}) as Record<string, Json>;
        const [mediaType, media] = Object.entries(content)[0] ?? [];
        const schema = media?.schema as Json | undefined;
        const json = mediaType === "application/json";
        view.responses.push({ status, description: String(r.description ?? ""), mediaType, schemaName: json ? refName(schema) : undefined, rows: json && refName(schema) !== "Error" ? rows(schema) : [] });
      }
      let tag = tags.find((t) => t.name === view.tag);
      if (!tag) tags.push((tag = { name: view.tag, description: undefined, operations: [] }));
      tag.operations.push(view);
    }
  }
  const info = (doc.info ?? {}) as Json;
  const apiKey = (((doc.components as Json | undefined)?.securitySchemes as Json | undefined)?.apiKey ?? {}) as Json;
  return { title: String(info.title ?? "API"), version: String(info.version ?? ""), description: String(info.description ?? ""), tags: tags.filter((t) => t.operations.length), scopes: String(apiKey.description ?? "") };
}
