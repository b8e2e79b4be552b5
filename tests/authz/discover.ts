import fs from "node:fs";
import path from "node:path";

/**
 * Every page, server action and route handler of the app, found on the file system (so a new one
 * cannot be missed) and imported to list what it exports:
 *   page   "page /billing/credits"                 ← app/(app)/billing/credits/page.tsx (default export)
 *   route  "GET /api/orgs/[orgId]"                  ← each exported HTTP method of app/**\/route.ts
 *   action "action /billing#cancelAction"           ← each exported function of app/**\/actions.ts
 * Route groups "(x)" and private folders "_x" follow Next's rules (groups vanish from the URL, "_x" is not routed).
 */
export type TargetKind = "page" | "route" | "action";
export type Target = { kind: TargetKind; key: string; file: string; urlPath: string; exportName: string; fn: (...args: never[]) => unknown };

export const APP_DIR = path.resolve(__dirname, "../../app");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith("_") || e.name === "node_modules") continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/^(page\.(tsx|ts|jsx|js)|route\.(ts|js)|actions\.(ts|tsx))$/.test(e.name)) out.push(p);
  }
  return out;
}

/** app/(app)/billing/credits → /billing/credits */
export function urlPathOf(fileAbs: string): string {
  const rel = path.relative(APP_DIR, path.dirname(fileAbs)).split(path.sep).filter(Boolean);
  const segs = rel.filter((s) => !(s.startsWith("(") && s.endsWith(")")) && !s.startsWith("@"));
  return "/" + segs.join("/");
}

export function listFiles(): string[] {
  return walk(APP_DIR).sort();
}

export async function discover(): Promise<Target[]> {
  const targets: Target[] = [];
  for (const file of listFiles()) {
    const rel = path.relative(path.resolve(APP_DIR, ".."), file);
    const urlPath = urlPathOf(file);
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const base = path.basename(file);
    if (base.startsWith("page.")) {
      if (typeof mod.default !== "function") throw new Error(`${rel}: no default export`);
      targets.push({ kind: "page", key: `page ${urlPath}`, file: rel, urlPath, exportName: "default", fn: mod.default as Target["fn"] });
    } else if (base.startsWith("route.")) {
      const methods = HTTP_METHODS.filter((m) => typeof mod[m] === "function");
      if (!methods.length) throw new Error(`${rel}: exports no HTTP method`);
      for (const m of methods) targets.push({ kind: "route", key: `${m} ${urlPath}`, file: rel, urlPath, exportName: m, fn: mod[m] as Target["fn"] });
    } else {
      // "use server" files may only export async functions; each one is a callable endpoint.
      for (const [name, v] of Object.entries(mod)) {
        if (typeof v !== "function") continue;
        targets.push({ kind: "action", key: `action ${urlPath}#${name}`, file: rel, urlPath, exportName: name, fn: v as Target["fn"] });
      }
    }
  }
  return targets;
}
