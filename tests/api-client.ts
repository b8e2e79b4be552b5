import { NextRequest } from "next/server";
import { createBillingClient } from "@billing-kit/client";
import { errorStatuses, findOperation } from "@/lib/api/operations";
import { errorBody } from "@/lib/api/schemas/common";

/**
 * The typed client (@billing-kit/client) wired to the /api/v1 route handlers in-process: its fetch
 * finds the route file for the URL, calls the exported method with the path params, and checks the
 * answer against the document — the status must be one the operation lists, and a JSON body must
 * parse with that status's schema (strict objects: an undocumented field fails). So a test that drives
 * the API through this client fails when the routes and the description disagree.
 */
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const modules = import.meta.glob<Record<string, Handler>>("/app/api/v1/**/route.ts");

const routes = Object.keys(modules).map((file) => {
  const dir = file.replace(/^\/app/, "").replace(/\/route\.ts$/, "");
  const names: string[] = [];
  const re = new RegExp(`^${dir.replace(/\./g, "\\.").replace(/\[([^\]]+)\]/g, (_m, n: string) => (names.push(n), "([^/]+)"))}$`);
  return { file, re, names };
});

export class ContractError extends Error {}

export const inProcessFetch = async (input: Request): Promise<Response> => {
  const url = new URL(input.url);
  const match = routes.map((r) => ({ r, m: r.re.exec(url.pathname) })).find((x) => x.m);
  if (!match) return Response.json({ error: { code: "not_found", message: `no route for ${url.pathname}` } }, { status: 404 });
  const mod = await modules[match.r.file]!();
  const handler = mod[input.method];
  if (!handler) return new Response(null, { status: 405 });
  const params = Object.fromEntries(match.r.names.map((n, i) => [n, decodeURIComponent(match.m![i + 1]!)]));
  const body = input.method === "GET" || input.method === "HEAD" ? undefined : await input.text();
  const res = await handler(new NextRequest(input.url, { method: input.method, headers: input.headers, body }), { params: Promise.resolve(params) });
  await checkAgainstDocument(input.method, url.pathname, res.clone() as Response, res.status);
  return res;
};

async function checkAgainstDocument(method: string, pathname: string, res: Response, status: number) {
  const op = findOperation(method, pathname);
  const fail = (why: string) => {
    throw new ContractError(`${method} ${pathname} → ${status}: ${why}`);
  };
  if (!op) fail("the OpenAPI document has no such operation");
  const documented = op!.responses[status];
  if (status >= 400) {
    const allowed = new Set(errorStatuses(op!));
    if (!allowed.has(status)) fail(`status ${status} is not documented (documented errors: ${[...allowed].join(", ")})`);
  } else if (!documented) fail(`status ${status} is not documented`);
  const schema = status >= 400 ? errorBody : documented!.schema;
  if (!schema) return;
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) fail(`the body does not match the document: ${parsed.error.message}`);
}

export const BASE_URL = "http://localhost:3000";

/** A client for `apiKey` whose requests run the route handlers in this process. */
export function inProcessClient(apiKey: string, opts: { version?: string } = {}) {
  return createBillingClient({ baseUrl: BASE_URL, apiKey, fetch: inProcessFetch, ...opts });
}
