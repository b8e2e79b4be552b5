#!/usr/bin/env node
/**
 * Dependency hygiene for production packages, for networks where `npm audit` cannot run (its bulk
 * advisory endpoint is a POST; some registry proxies only allow GET — see docs/RELIABILITY.md).
 * Reads package documents from the registry with plain GETs and reports, for every installed
 * production package (`npm ls --omit=dev --all`), whether its installed version is deprecated (npm
 * marks versions with known security problems deprecated, among other reasons), and for each direct
 * dependency whether a newer release of the same line exists (where security fixes land).
 *   node scripts/deps-check.mjs          table + exit 1 if an installed production version is deprecated
 *   node scripts/deps-check.mjs --json   the same as JSON
 * Exit 2 when the registry cannot be read. Not a replacement for an advisory database: a vulnerable
 * version that nobody deprecated passes; `scripts/audit-check.mjs` is the real gate where it can run.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const registry = (process.env.npm_config_registry || "https://registry.npmjs.org/").replace(/\/?$/, "/");
const asJson = process.argv.includes("--json");

/** x.y.z[-pre] → comparable parts; prerelease sorts before its release. */
function parse(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(v);
  return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null } : null;
}
function compare(a, b) {
  const x = parse(a), y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  const px = x.pre.split("."), py = y.pre.split(".");
  for (let i = 0; i < Math.max(px.length, py.length); i++) {
    if (px[i] === undefined) return -1;
    if (py[i] === undefined) return 1;
    const nx = Number(px[i]), ny = Number(py[i]);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && nx !== ny) return nx - ny;
    if (px[i] !== py[i]) return px[i] < py[i] ? -1 : 1;
  }
  return 0;
}
/** Same line: same major (0.x: same minor); a prerelease stays within its own x.y.z-tag prerelease line. */
function sameLine(installed, candidate) {
  const a = parse(installed), b = parse(candidate);
  if (!a || !b) return false;
  if (a.pre) return b.pre !== null && a.nums.join(".") === b.nums.join(".") && a.pre.split(".")[0] === b.pre.split(".")[0];
  if (b.pre) return false;
  return a.nums[0] === b.nums[0] && (a.nums[0] !== 0 || a.nums[1] === b.nums[1]);
}

async function getJson(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`${res.status} ${url}`);
      return await res.json();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

const tree = JSON.parse(execFileSync("npm", ["ls", "--omit=dev", "--all", "--json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 << 20 }));
const installed = new Map();
(function walk(deps) {
  for (const [name, d] of Object.entries(deps ?? {})) {
    // The repository's own workspace packages (packages/*) are not on the registry: their dependencies are.
    if (d.version && !String(d.resolved ?? "").startsWith("file:")) installed.set(`${name}@${d.version}`, { name, version: d.version });
    walk(d.dependencies);
  }
})(tree.dependencies);
const direct = Object.keys(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).dependencies ?? {});

let rows;
try {
  const deprecated = [];
  const list = [...installed.values()];
  for (let i = 0; i < list.length; i += 8) {
    await Promise.all(
      list.slice(i, i + 8).map(async ({ name, version }) => {
        const doc = await getJson(`${registry}${name.replace("/", "%2F")}/${version}`);
        if (doc.deprecated) deprecated.push({ name, version, message: String(doc.deprecated) });
      }),
    );
  }
  rows = [];
  for (const name of direct) {
    const version = tree.dependencies?.[name]?.version;
    if (!version || String(tree.dependencies?.[name]?.resolved ?? "").startsWith("file:")) continue;
    const doc = await getJson(`${registry}${name.replace("/", "%2F")}`);
    const line = Object.keys(doc.versions ?? {}).filter((v) => sameLine(version, v) && !doc.versions[v].deprecated).sort(compare);
    const newest = line.at(-1) ?? version;
    rows.push({ name, installed: version, newestInLine: newest, latest: doc["dist-tags"]?.latest ?? null, current: compare(version, newest) >= 0 });
  }
  const out = { checked: installed.size, deprecated, direct: rows };
  if (asJson) console.log(JSON.stringify(out, null, 2));
  else {
    console.log(`production packages checked: ${installed.size}; deprecated installed versions: ${deprecated.length}`);
    for (const d of deprecated) console.log(`  DEPRECATED ${d.name}@${d.version}: ${d.message}`);
    console.log("direct production dependencies (installed → newest of its line, registry latest):");
    for (const r of rows) console.log(`  ${r.current ? "ok    " : "behind"} ${r.name} ${r.installed} → ${r.newestInLine} (latest ${r.latest})`);
  }
  process.exit(deprecated.some((d) => direct.includes(d.name)) ? 1 : 0);
} catch (err) {
  console.error(`deps-check: the registry could not be read (${err instanceof Error ? err.message : err})`);
  process.exit(2);
}
