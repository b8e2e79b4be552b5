import type { ApiScope } from "@/lib/auth/api-key-scopes";
import { NextRequest } from "next/server";
import type { Target } from "./discover";
import type { Persona, World } from "./fixtures";

/**
 * Calling a target as a persona and reducing what happened to one comparable outcome string:
 *   pages   "200" (an element came back) | "sign-in" | "403" | "404" | "redirect:/path"
 *   routes  the HTTP status, e.g. "401"
 *   actions "ok" | the ActionResult error code ("unauthenticated", "forbidden", "not_found", …) |
 *           "returned" (no ActionResult) | "sign-in" / "redirect:/path" / "404" / "403" (thrown Next signals) |
 *           "thrown:<code>" (an AppError escaping the action) | "throw:<message>" (anything else: a bug)
 */
export type Outcome = string;

export type RouteCall = {
  /** Dynamic segments; also substituted into the URL. A catch-all takes an array. */
  params?: Record<string, string | string[]>;
  query?: Record<string, string>;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
};

export type Entry = {
  /** Outcomes in persona order: anon, other, member, admin, platform. */
  expect: Record<Persona, Outcome>;
  /** Pages and routes: "key" sends the persona's API key (routes under /api/v1), "session" only the signed-in user. */
  auth?: "key" | "session";
  /** API-key routes: the scope the key needs (null: any valid key). Every key route declares it. */
  scope?: ApiScope | null;
  route?: (w: World, p: Persona) => RouteCall | Promise<RouteCall>;
  page?: (w: World, p: Persona) => { params?: Record<string, string | string[]>; searchParams?: Record<string, string> } | Promise<{ params?: Record<string, string | string[]>; searchParams?: Record<string, string> }>;
  /** Actions: the arguments of a VALID call (so the guard decides, not zod). */
  args?: (w: World, p: Persona) => unknown[] | Promise<unknown[]>;
  /** The response to the other organisation may name org A (e.g. an invitation page shows the inviting organisation). */
  leakOk?: boolean;
  /** Strings this persona must not be able to read in the response (e.g. key prefixes on a page a member may open). */
  mustNotSee?: (w: World, p: Persona) => string[];
  note?: string;
};

/** o(anon, other, member, admin, platform) */
export function o(anon: Outcome | number, other: Outcome | number, member: Outcome | number, admin: Outcome | number, platform: Outcome | number): Record<Persona, Outcome> {
  return { anon: String(anon), other: String(other), member: String(member), admin: String(admin), platform: String(platform) };
}
export const all = (x: Outcome | number) => o(x, x, x, x, x);

export function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/** Next 16 encodes redirect()/notFound()/forbidden() as thrown errors with a digest:
 *  "NEXT_REDIRECT;<replace|push>;<url>;<307|308|303>;" and "NEXT_HTTP_ERROR_FALLBACK;<404|403|401>". */
export function classifyThrown(err: unknown): Outcome {
  const digest = err && typeof err === "object" && "digest" in err ? String((err as { digest: unknown }).digest) : null;
  if (digest?.startsWith("NEXT_REDIRECT;")) {
    const url = digest.split(";").slice(2, -2).join(";");
    const u = new URL(url, "http://localhost");
    if (u.pathname === "/sign-in") return "sign-in";
    // The query's NAMES tell a success ("?notice", "?created") from a refusal ("?error"); values vary.
    const names = [...new Set(u.searchParams.keys())].sort().join("&");
    return `redirect:${u.pathname}${names ? `?${names}` : ""}`;
  }
  if (digest?.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return digest.split(";")[1]!;
  if (err && typeof err === "object" && (err as { name?: string }).name === "AppError") return `thrown:${(err as { code: string }).code}`;
  return `throw:${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`.slice(0, 300);
}

/** Everything a caller could read: strings in a returned element tree / value (props walked, nothing rendered). */
export function collectStrings(v: unknown, out: string[] = [], seen = new Set<unknown>(), depth = 0): string[] {
  if (depth > 40 || v == null) return out;
  if (typeof v === "string") out.push(v);
  else if (typeof v === "number" || typeof v === "bigint") out.push(String(v));
  else if (typeof v === "object") {
    if (seen.has(v)) return out;
    seen.add(v);
    if (v instanceof Date) return out;
    if (Array.isArray(v)) for (const x of v) collectStrings(x, out, seen, depth + 1);
    else if ("$$typeof" in (v as object) && "props" in (v as object)) collectStrings((v as { props: unknown }).props, out, seen, depth + 1);
    else for (const x of Object.values(v as object)) collectStrings(x, out, seen, depth + 1);
  }
  return out;
}

export type Called = { outcome: Outcome; readable: string };

function fillPath(urlPath: string, params: Record<string, string | string[]> = {}): string {
  return urlPath.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing param ${name} for ${urlPath}`);
    return Array.isArray(v) ? v.map(encodeURIComponent).join("/") : encodeURIComponent(v);
  });
}

/** An expected outcome with "*" (any run of characters except "?") matches ids that differ per run. */
export function matches(expected: Outcome, actual: Outcome): boolean {
  if (!expected.includes("*")) return expected === actual;
  const re = new RegExp(`^${expected.split("*").map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^?]*")}$`);
  return re.test(actual);
}

/** Outcomes that refuse the caller: such a call must write nothing. */
export function isRefusal(x: Outcome): boolean {
  return /^(401|403|404|sign-in|unauthenticated|forbidden|not_found|thrown:(unauthenticated|forbidden|not_found))$/.test(x);
}

/** Prepare the call (fixtures for it are made first), run `ready`, then call. */
export async function callTarget(t: Target, e: Entry, w: World, p: Persona, ready: () => Promise<void> = async () => {}): Promise<Called> {
  if (t.kind === "route") {
    const call = (await e.route?.(w, p)) ?? {};
    const url = new URL(`http://localhost:3000${fillPath(t.urlPath, call.params)}`);
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    const key = e.auth === "key" ? w.keyFor(p) : null;
    const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    const req = new NextRequest(url, {
      method: t.exportName,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(key ? { authorization: `Bearer ${key}` } : {}), ...call.headers },
      body: t.exportName === "GET" || t.exportName === "HEAD" ? undefined : body,
    });
    const fn = t.fn as unknown as (r: NextRequest, c: { params: Promise<unknown> }) => Promise<Response>;
    await ready();
    const res = await fn(req, { params: Promise.resolve(call.params ?? {}) });
    const text = res.headers.get("content-type")?.includes("pdf") ? "" : await res.text();
    return { outcome: String(res.status), readable: text };
  }
  if (t.kind === "page") {
    const props = (await e.page?.(w, p)) ?? {};
    const fn = t.fn as unknown as (x: { params: Promise<unknown>; searchParams: Promise<unknown> }) => unknown;
    await ready();
    try {
      const el = await fn({ params: Promise.resolve(props.params ?? {}), searchParams: Promise.resolve(props.searchParams ?? {}) });
      return { outcome: "200", readable: collectStrings(el).join("\n") };
    } catch (err) {
      return { outcome: classifyThrown(err), readable: err instanceof Error ? err.message : "" };
    }
  }
  const args = (await e.args?.(w, p)) ?? [];
  const fn = t.fn as unknown as (...a: unknown[]) => Promise<unknown>;
  await ready();
  try {
    const r = await fn(...args);
    const readable = collectStrings(r).join("\n");
    if (r && typeof r === "object" && "ok" in r) {
      const res = r as { ok: boolean; error?: { code: string } };
      return { outcome: res.ok ? "ok" : res.error!.code, readable };
    }
    return { outcome: "returned", readable };
  } catch (err) {
    return { outcome: classifyThrown(err), readable: err instanceof Error ? err.message : "" };
  }
}
