#!/usr/bin/env node
/**
 * `npm audit --omit=dev` gate: fails (exit 1) on any high or critical finding in production dependencies
 * unless the package is listed, with a reason, in docs/audit-exceptions.json:
 *   [{ "package": "name", "reason": "why it does not affect us", "advisories": ["GHSA-…"] (optional), "expires": "2027-01-31" (optional) }]
 * Exit 2 when the audit itself cannot run (registry's audit endpoint unreachable): an unknown result is not a pass.
 *   node scripts/audit-check.mjs                 run npm audit
 *   node scripts/audit-check.mjs --input a.json  check a saved `npm audit --json` report (tests, offline CI)
 */
import { execFileSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const inputAt = args.indexOf("--input");
const exceptionsFile = path.join(root, "docs/audit-exceptions.json");
const FAILING = new Set(["high", "critical"]);

function runAudit() {
  try {
    return execFileSync("npm", ["audit", "--omit=dev", "--json"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    // npm audit exits 1 when it finds anything; its JSON is still on stdout.
    if (err && typeof err.stdout === "string" && err.stdout.trim()) return err.stdout;
    throw err;
  }
}

let report;
try {
  report = JSON.parse(inputAt >= 0 ? readFileSync(args[inputAt + 1], "utf8") : runAudit());
} catch (err) {
  console.error(`audit-check: could not run npm audit: ${err instanceof Error ? err.message : err}`);
  process.exit(2);
}
if (!report.vulnerabilities) {
  console.error(`audit-check: npm audit gave no result (${report.message ?? report.error?.summary ?? "unknown error"}). Is the registry's audit endpoint reachable?`);
  process.exit(2);
}

const exceptions = existsSync(exceptionsFile) ? JSON.parse(readFileSync(exceptionsFile, "utf8")) : [];
const today = new Date().toISOString().slice(0, 10);
const excepted = new Map();
for (const e of exceptions) {
  if (!e.package || !e.reason || !String(e.reason).trim()) {
    console.error(`audit-check: every exception needs "package" and a "reason": ${JSON.stringify(e)}`);
    process.exit(1);
  }
  if (e.expires && e.expires < today) {
    console.error(`audit-check: the exception for ${e.package} expired on ${e.expires}; review it.`);
    continue;
  }
  excepted.set(e.package, e);
}

const advisoriesOf = (v) => v.via.filter((x) => typeof x === "object").map((x) => x.url?.split("/").pop() ?? x.source);
const findings = Object.values(report.vulnerabilities).map((v) => ({ name: v.name, severity: v.severity, advisories: advisoriesOf(v), fix: v.fixAvailable, via: v.via.map((x) => (typeof x === "string" ? x : x.title)) }));
const counts = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);

const failures = [];
for (const f of findings) {
  const ex = excepted.get(f.name);
  const covered = ex && (!ex.advisories || f.advisories.every((a) => ex.advisories.includes(a)));
  const line = `${f.severity.padEnd(8)} ${f.name} — ${f.via.join("; ")}${f.fix ? " (fix available)" : ""}`;
  if (FAILING.has(f.severity) && !covered) failures.push(line);
  else console.log(`  ${covered ? "excepted" : "ok      "} ${line}${covered ? ` — ${ex.reason}` : ""}`);
}
if (failures.length) {
  console.error(`\n${failures.length} high/critical finding(s) without an exception in docs/audit-exceptions.json:`);
  for (const l of failures) console.error(`  ${l}`);
  process.exit(1);
}
console.log("audit-check: no unexcepted high or critical findings.");
