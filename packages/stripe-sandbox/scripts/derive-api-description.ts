/**
 * Derives a machine-readable description of the Stripe API version the sandbox speaks from the
 * installed `stripe` package's TypeScript declarations (node_modules/stripe/esm/resources/**): for
 * every endpoint the sandbox implements, the request parameters (the `*CreateParams`, `*UpdateParams`,
 * `*ListParams`, `*RetrieveParams`, … interfaces: names, types, enums, nesting, which can be unset
 * with "") and the response shape (the resource interfaces: required / optional / nullable fields,
 * expandable ids). HTTP methods and paths come from the SDK's generated JavaScript (`_makeRequest`).
 *
 * Run after every `stripe` upgrade:  npm run api:describe -w @billing-kit/stripe-sandbox
 * Writes src/api-description.json (committed); the sandbox validates requests and the host's Stripe
 * tests validate every response against it.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import ts from "typescript";
import { router } from "../src/routes";
import type { Schema, ApiDescription, Endpoint } from "../src/api-schema";

const require_ = createRequire(import.meta.url);
const stripeEsm = path.dirname(require_.resolve("stripe").replace(/cjs[\\/].*$/, "esm/x"));
const resourcesDir = path.join(stripeEsm, "resources");
const apiVersion = /ApiVersion = "([^"]+)"/.exec(fs.readFileSync(path.join(stripeEsm, "apiVersion.d.ts"), "utf8"))![1];
const sdkVersion = JSON.parse(fs.readFileSync(path.join(stripeEsm, "..", "package.json"), "utf8")).version as string;

function walk(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : [],
  );
}

// 1. method → HTTP route, from the generated JavaScript: `name(…) { return this._makeRequest('GET', `/v1/x/${…}`, …`
type SdkMethod = { file: string; className: string; method: string; verb: string; path: string };
const sdkMethods: SdkMethod[] = [];
for (const js of walk(resourcesDir, ".js")) {
  const src = fs.readFileSync(js, "utf8");
  const className = /export class (\w+)/.exec(src)?.[1];
  if (!className) continue;
  const re = /^ {4}(\w+)\([^)]*\) \{\s*return this\._makeRequest\('(\w+)', (['`])(.+?)\3/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    sdkMethods.push({ file: js.replace(/\.js$/, ".d.ts"), className, method: m[1], verb: m[2], path: m[4].replace(/\$\{encodeURIComponent\((\w+)\)\}/g, ":$1") });
  }
}
const norm = (p: string) => p.replace(/:\w+/g, ":_");

// 2. the TypeScript program over the declarations
const program = ts.createProgram(walk(resourcesDir, ".d.ts"), { strict: true, strictNullChecks: true, noEmit: true, skipLibCheck: true });
const checker = program.getTypeChecker();

const defs: Record<string, Schema> = {};
const RESOURCE_ALLOW = new Set<string>(); // `object` values whose full shape the description keeps

function refKey(sym: ts.Symbol, type: ts.Type): string {
  const decl = sym.declarations?.[0];
  const file = decl ? path.relative(resourcesDir, decl.getSourceFile().fileName).replace(/\.d\.ts$/, "") : "?";
  const qualified = checker.getFullyQualifiedName(sym).replace(/^"[^"]*"\./, "");
  const args = (type as ts.TypeReference).typeArguments ?? checker.getTypeArguments?.(type as ts.TypeReference) ?? [];
  const argText = args.length ? `<${args.map((a) => checker.typeToString(a)).join(",")}>` : "";
  return `${file.startsWith("..") ? path.basename(file) : file}#${qualified}${argText}`;
}

function isStringLiteral(t: ts.Type): t is ts.StringLiteralType {
  return !!(t.flags & ts.TypeFlags.StringLiteral);
}

function objectLiteralOf(type: ts.Type): string | undefined {
  const prop = type.getProperty("object");
  if (!prop) return undefined;
  const t = checker.getTypeOfSymbol(prop);
  return isStringLiteral(t) ? t.value : undefined;
}

function ser(type: ts.Type, depth = 0): Schema {
  if (depth > 60) return { t: "any" };
  if (type.aliasSymbol?.name === "Event" && type.isUnion()) {
    defs["Events#Event"] ??= eventSchema(depth);
    return { t: "ref", ref: "Events#Event" };
  }
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { t: "any" };
  if (f & ts.TypeFlags.Null) return { t: "null" };
  if (f & ts.TypeFlags.StringLiteral) return { t: "string", enum: [(type as ts.StringLiteralType).value] };
  if (f & ts.TypeFlags.NumberLiteral) return { t: "number" };
  if (f & ts.TypeFlags.BooleanLiteral) return { t: "boolean" };
  if (f & ts.TypeFlags.String) return { t: "string" };
  if (f & ts.TypeFlags.Number) return { t: "number" };
  if (f & ts.TypeFlags.Boolean) return { t: "boolean" };
  if (type.isUnion()) {
    const members = type.types.filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const out: Schema[] = [];
    const literals: string[] = [];
    let openString = false;
    let bool = false;
    for (const m of members) {
      if (isStringLiteral(m) && m.value !== "") literals.push(m.value);
      else if (isStringLiteral(m)) out.push({ t: "empty" });
      else if (m.flags & ts.TypeFlags.BooleanLiteral) bool = true;
      else if (m.isIntersection() && m.types.some((x) => x.flags & ts.TypeFlags.String)) {
        // `OtherString`: the SDK's forward-compatibility escape for enums; this version's values are the literals
        if (!literals.length && !members.some(isStringLiteral)) openString = true;
      } else {
        const s = ser(m, depth + 1);
        if (s.t === "string" && !s.enum) openString = true;
        else out.push(s);
      }
    }
    if (bool) out.push({ t: "boolean" });
    if (openString) out.push({ t: "string" });
    else if (literals.length) out.push({ t: "string", enum: literals });
    return out.length === 1 ? out[0] : { t: "union", of: out };
  }
  if (type.isIntersection()) {
    // OtherString = string & Record<never, never>: any string; Decimal = DecimalImpl & {…}: a decimal string
    if (type.types.some((m) => m.flags & ts.TypeFlags.String)) return { t: "string" };
    if (type.types.some((m) => m.getSymbol()?.name === "DecimalImpl")) return { t: "decimal" };
  }
  const sym = type.getSymbol() ?? type.aliasSymbol;
  if (sym?.name === "DecimalImpl") return { t: "decimal" };
  if (checker.isArrayType(type)) return { t: "array", items: ser(checker.getTypeArguments(type as ts.TypeReference)[0], depth + 1) };
  if (f & ts.TypeFlags.Object || type.isIntersection()) {
    const named = sym && sym.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class) ? sym : undefined;
    const objectName = objectLiteralOf(type);
    if (named && objectName && !RESOURCE_ALLOW.has(objectName)) return { t: "foreign", object: objectName };
    if (named) {
      const key = refKey(named, type);
      if (!(key in defs)) {
        defs[key] = { t: "any" }; // recursion guard
        defs[key] = objectSchema(type, depth);
      }
      return { t: "ref", ref: key };
    }
    return objectSchema(type, depth);
  }
  return { t: "any" };
}

/** `Event` is a union of ~300 typed events; the description keeps EventBase with `data.object` open. */
function eventSchema(depth: number): Schema {
  const base = program.getSourceFiles().find((f) => f.fileName.endsWith("resources/Events.d.ts"))!;
  let iface: ts.InterfaceDeclaration | undefined;
  base.forEachChild((n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === "EventBase") iface = n;
  });
  const s = objectSchema(checker.getTypeAtLocation(iface!), depth);
  if (s.t === "object") s.props.data = { s: { t: "object", props: { object: { s: { t: "any" } }, previous_attributes: { s: { t: "any" }, opt: true } } } };
  return s;
}

function objectSchema(type: ts.Type, depth: number): Schema {
  const props: Record<string, { s: Schema; opt?: true }> = {};
  for (const p of checker.getPropertiesOfType(type)) {
    const pt = checker.getTypeOfSymbol(p);
    if (pt.flags & ts.TypeFlags.Void || pt.getCallSignatures().length) continue; // `deleted?: void`, methods
    if (pt.isUnion() && pt.types.every((m) => m.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined))) continue;
    props[p.name] = { s: ser(pt, depth + 1), ...(p.flags & ts.SymbolFlags.Optional ? { opt: true as const } : {}) };
  }
  const index = checker.getIndexInfosOfType(type)[0];
  return { t: "object", props, ...(index ? { extra: ser(index.type, depth + 1) } : {}) };
}

// 3. the sandbox's routes, matched to SDK methods
function methodDecl(m: SdkMethod): ts.MethodDeclaration | undefined {
  const sf = program.getSourceFile(m.file);
  if (!sf) return undefined;
  let found: ts.MethodDeclaration | undefined;
  sf.forEachChild((n) => {
    if (ts.isClassDeclaration(n) && n.name?.text === m.className) {
      for (const mem of n.members) if (ts.isMethodDeclaration(mem) && mem.name.getText(sf) === m.method) found = mem;
    }
  });
  return found;
}

type Resolved = { route: string; sdk: SdkMethod; decl: ts.MethodDeclaration };
const resolved: Resolved[] = [];
const missing: string[] = [];
for (const route of router.list()) {
  const [verb, pattern] = route.split(" ");
  const candidates = sdkMethods.filter((m) => m.verb === verb && norm(m.path) === norm(pattern));
  const hit = candidates.map((sdk) => ({ sdk, decl: methodDecl(sdk) })).find((c) => c.decl);
  if (!hit) missing.push(route);
  else resolved.push({ route, sdk: hit.sdk, decl: hit.decl! });
}

type ResponseKind = { kind: "object" | "list" | "search"; node: ts.TypeNode };
function responseOf(decl: ts.MethodDeclaration): ResponseKind {
  const ret = decl.type as ts.TypeReferenceNode;
  const name = ret.typeName.getText();
  if (name === "ApiListPromise") return { kind: "list", node: ret.typeArguments![0] };
  if (name === "ApiSearchResultPromise") return { kind: "search", node: ret.typeArguments![0] };
  const inner = ret.typeArguments![0] as ts.TypeReferenceNode; // Promise<Response<T>>
  return { kind: "object", node: inner.typeArguments![0] };
}

// the resources the implemented endpoints return are described in full; others as { object }
for (const r of resolved) {
  const t = checker.getTypeFromTypeNode(responseOf(r.decl).node);
  for (const m of t.isUnion() ? t.types : [t]) {
    const o = objectLiteralOf(m);
    if (o) RESOURCE_ALLOW.add(o);
  }
}
RESOURCE_ALLOW.add("list").add("search_result").add("discount").add("invoice_payment").add("line_item").add("subscription_item").add("invoiceitem").add("line_item");

const endpoints: Record<string, Endpoint> = {};
for (const r of resolved) {
  const paramsDecl = r.decl.parameters.find((p) => p.name.getText() === "params");
  const params: Schema = paramsDecl ? ser(checker.getTypeAtLocation(paramsDecl)) : { t: "object", props: {} };
  const resp = responseOf(r.decl);
  const item = ser(checker.getTypeFromTypeNode(resp.node));
  endpoints[r.route] = { sdk: `${r.sdk.className}.${r.sdk.method}`, params, response: { kind: resp.kind, item } };
}

// shared param/response definitions reachable from params are deduplicated via refs as well
const description: ApiDescription = {
  apiVersion,
  derivedFrom: `stripe@${sdkVersion} TypeScript declarations (scripts/derive-api-description.ts)`,
  endpoints,
  defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
};
const out = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "src", "api-description.json");
fs.writeFileSync(out, JSON.stringify(description) + "\n");
console.log(`${Object.keys(endpoints).length} endpoints, ${Object.keys(defs).length} definitions → ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`);
if (missing.length) console.log(`not in API ${apiVersion} (the sandbox answers these 404 like Stripe would): ${missing.join(", ")}`);
