import description from "./api-description.json";
import type { ApiDescription, Endpoint, Schema } from "./api-schema";
import { StripeApiError } from "./errors";
import type { FormObject, FormValue } from "./form";

/**
 * Requests and responses checked against the description of the pinned API version
 * (src/api-description.json, derived from the stripe package's types by scripts/derive-api-description.ts).
 */
const api = description as unknown as ApiDescription;

export function endpointFor(method: string, pattern: string): Endpoint | undefined {
  return api.endpoints[`${method} ${pattern}`];
}

export const describedEndpoints = (): string[] => Object.keys(api.endpoints);
export const describedVersion = (): string => api.apiVersion;

function deref(s: Schema): Schema {
  let out = s;
  while (out.t === "ref") out = api.defs[out.ref] ?? { t: "any" };
  return out;
}

const invalid = (message: string, param: string, code = "parameter_invalid") =>
  new StripeApiError(400, "invalid_request_error", message, code, param);

const join = (parent: string, key: string | number) => (parent ? `${parent}[${key}]` : String(key));

const orList = (values: string[]) =>
  values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")}, or ${values[values.length - 1]}`;

/** Throws Stripe's 400 for the first thing Stripe would refuse in these (form-decoded) parameters. */
export function validateRequest(endpoint: Endpoint, params: FormObject): void {
  checkParam(endpoint.params, params, "");
}

function acceptsEmpty(s: Schema): boolean {
  const d = deref(s);
  if (d.t === "any" || d.t === "empty" || d.t === "null") return true;
  return d.t === "union" && d.of.some(acceptsEmpty);
}

function checkParam(schema: Schema, value: FormValue, param: string): void {
  const s = deref(schema);
  if (s.t === "any") return;
  if (value === "" && param) {
    if (acceptsEmpty(s)) return;
    throw invalid(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      param,
      "parameter_invalid_empty",
    );
  }
  switch (s.t) {
    case "union": {
      const members = s.of.filter((m) => !["null", "empty"].includes(deref(m).t));
      let firstError: unknown;
      let kindError: unknown;
      for (const m of members) {
        try {
          checkParam(m, value, param);
          return;
        } catch (e) {
          // report the member of the value's own kind (an object for an object, a string for a string)
          const k = deref(m).t;
          const sameKind = typeof value === "string" ? !["object", "array"].includes(k) : Array.isArray(value) ? k === "array" : k === "object";
          firstError ??= e;
          if (sameKind) kindError ??= e;
        }
      }
      throw kindError ?? firstError ?? invalid(`Invalid ${param}`, param);
    }
    case "string":
      if (typeof value !== "string") throw invalid(`Invalid string: ${param}`, param);
      if (s.enum && !s.enum.includes(value)) throw invalid(`Invalid ${param}: must be one of ${orList(s.enum)}`, param);
      return;
    case "number":
      if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value)) throw invalid(`Invalid ${param}: must be a number`, param, "parameter_invalid_integer");
      return;
    case "decimal":
      if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value)) throw invalid(`Invalid decimal: ${String(value)}`, param);
      return;
    case "boolean":
      if (value !== "true" && value !== "false") throw invalid(`Invalid boolean: ${typeof value === "string" ? value : param}`, param);
      return;
    case "array": {
      if (!Array.isArray(value)) throw invalid(`Invalid array`, param);
      value.forEach((v, i) => checkParam(s.items, v, join(param, i)));
      return;
    }
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) throw invalid(param ? `Invalid object` : "Invalid parameters", param);
      for (const [k, v] of Object.entries(value)) {
        const prop = s.props[k];
        if (prop) checkParam(prop.s, v, join(param, k));
        else if (s.extra) checkParam(s.extra, v, join(param, k));
        else throw invalid(`Received unknown parameter: ${join(param, k)}`, join(param, k), "parameter_unknown");
      }
      for (const [k, prop] of Object.entries(s.props)) {
        if (!prop.opt && !(k in value)) {
          throw new StripeApiError(400, "invalid_request_error", `Missing required param: ${join(param, k)}.`, "parameter_missing", join(param, k));
        }
      }
      return;
    }
    case "null":
    case "empty":
    case "foreign":
      throw invalid(`Invalid ${param}`, param);
  }
}

function envelope(endpoint: Endpoint): Schema {
  const { kind, item } = endpoint.response;
  if (kind === "object") return item;
  const props: Record<string, { s: Schema; opt?: true }> = {
    object: { s: { t: "string", enum: [kind === "list" ? "list" : "search_result"] } },
    data: { s: { t: "array", items: item } },
    has_more: { s: { t: "boolean" } },
    url: { s: { t: "string" } },
  };
  if (kind === "search") {
    props.next_page = { s: { t: "union", of: [{ t: "null" }, { t: "string" }] } };
    props.total_count = { s: { t: "number" }, opt: true };
  }
  return { t: "object", props };
}

/** `expand[]` paths this endpoint's response cannot expand (Stripe: 400 "This property cannot be expanded"). */
export function validateExpand(endpoint: Endpoint, paths: string[]): void {
  for (const path of paths) {
    if (!expandable(envelope(endpoint), path.split("."))) {
      throw new StripeApiError(400, "invalid_request_error", `This property cannot be expanded (${path}).`, undefined, "expand");
    }
  }
}

function objectsOf(schema: Schema): Schema[] {
  const s = deref(schema);
  if (s.t === "union") return s.of.flatMap(objectsOf);
  if (s.t === "array") return objectsOf(s.items);
  return s.t === "object" || s.t === "foreign" || s.t === "any" ? [s] : [];
}

function expandable(schema: Schema, segs: string[]): boolean {
  return objectsOf(schema).some((o) => {
    if (o.t !== "object") return true; // inside an object the sandbox does not describe: cannot tell
    const prop = o.props[segs[0]];
    if (!prop) return false;
    if (segs.length === 1) {
      const d = deref(prop.s);
      const members = d.t === "union" ? d.of.map(deref) : [d];
      const canBeId = members.some((m) => m.t === "string") && members.some((m) => m.t === "object" || m.t === "foreign");
      const items = d.t === "array" ? deref(d.items) : undefined;
      const idList = items?.t === "union" && items.of.map(deref).some((m) => m.t === "string");
      return canBeId || !!idList || !!prop.opt; // an expandable id, or a field included only on request
    }
    return expandable(prop.s, segs.slice(1));
  });
}

/** Every difference between a response body and this endpoint's response shape (empty: conforms). */
export function responseDifferences(endpoint: Endpoint, body: unknown): string[] {
  const out: string[] = [];
  check(envelope(endpoint), body, "", out);
  return out;
}

/** The description's schema of the resource whose `object` is this (`invoice`, `subscription_item`, …). */
function resourceSchema(name: string): Schema | undefined {
  const deleted = name.startsWith("deleted_"); // `deleted_customer`: the DeletedCustomer answer
  const object = deleted ? name.slice("deleted_".length) : name;
  for (const [key, def] of Object.entries(api.defs)) {
    if (def.t !== "object" || /Params/.test(key) || /#Deleted/.test(key) !== deleted) continue;
    const o = def.props.object?.s;
    if (o?.t === "string" && o.enum?.length === 1 && o.enum[0] === object) return { t: "ref", ref: key };
  }
  return undefined;
}

/** Whether the description has the resource whose `object` is this. */
export const describesObject = (object: string): boolean => resourceSchema(object) !== undefined;

/** Differences between one object and its resource's shape in this API version (for tests). */
export function objectDifferences(object: string, value: unknown): string[] {
  const schema = resourceSchema(object);
  if (!schema) return [`no resource with object "${object}" in the description`];
  const out: string[] = [];
  check(schema, JSON.parse(JSON.stringify(value)), "", out);
  return out;
}

function typeName(v: unknown) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function check(schema: Schema, value: unknown, path: string, out: string[]): void {
  const s = deref(schema);
  const at = path || "(body)";
  switch (s.t) {
    case "any":
      return;
    case "null":
      if (value !== null) out.push(`${at}: expected null, got ${typeName(value)}`);
      return;
    case "empty":
      if (value !== "") out.push(`${at}: expected "", got ${JSON.stringify(value)}`);
      return;
    case "string":
      if (typeof value !== "string") out.push(`${at}: expected string, got ${typeName(value)}`);
      else if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(", ")}`);
      return;
    case "number":
      if (typeof value !== "number") out.push(`${at}: expected number, got ${typeName(value)}`);
      return;
    case "decimal":
      if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value)) out.push(`${at}: expected a decimal string, got ${JSON.stringify(value)}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${at}: expected boolean, got ${typeName(value)}`);
      return;
    case "foreign":
      if (typeof value !== "object" || value === null || (value as { object?: unknown }).object !== s.object) {
        out.push(`${at}: expected a ${s.object} object, got ${typeName(value)}`);
      }
      return;
    case "array":
      if (!Array.isArray(value)) out.push(`${at}: expected array, got ${typeName(value)}`);
      else value.forEach((v, i) => check(s.items, v, `${path}[${i}]`, out));
      return;
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        out.push(`${at}: expected object, got ${typeName(value)}`);
        return;
      }
      const rec = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(rec)) {
        const p = path ? `${path}.${k}` : k;
        const prop = s.props[k];
        if (prop) check(prop.s, v, p, out);
        else if (s.extra) check(s.extra, v, p, out);
        else out.push(`${p}: not in this API version`);
      }
      for (const [k, prop] of Object.entries(s.props)) {
        if (!prop.opt && !(k in rec)) out.push(`${path ? `${path}.${k}` : k}: required, missing`);
      }
      return;
    }
    case "union": {
      let best: string[] | undefined;
      // compare with the variants of the value's own kind first (an object against the object variant, not null)
      const kind = (m: Schema) => {
        const d = deref(m);
        return d.t === "ref" || d.t === "foreign" ? "object" : d.t === "decimal" || d.t === "empty" ? "string" : d.t;
      };
      const own = s.of.filter((m) => kind(m) === (value === null ? "null" : Array.isArray(value) ? "array" : typeof value));
      for (const m of [...own, ...s.of.filter((m) => !own.includes(m))]) {
        const diffs: string[] = [];
        check(m, value, path, diffs);
        if (diffs.length === 0) return;
        if (!best || (diffs.length < best.length && !own.length)) best = diffs;
      }
      out.push(...(best ?? [`${at}: no variant matches`]));
      return;
    }
  }
}
