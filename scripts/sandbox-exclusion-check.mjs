#!/usr/bin/env node
/**
 * With a Stripe key the production build neither contains nor loads the offline Stripe sandbox
 * (packages/stripe-sandbox; issue 12). Builds the app with STRIPE_SECRET_KEY set into its own dist
 * directory, then
 *   1. static: no server file of that build is a sandbox chunk or contains the package's marker string
 *      (SANDBOX_MODULE_MARKER in packages/stripe-sandbox/src/index.ts, set when the module is evaluated).
 *      (The *.nft.json file traces are not checked: they list the whole repository, sources and tests
 *      included, and are only used for `output: "standalone"`, which this app does not build.)
 *   2. runtime: `next start` of that build with the key answers a few pages and API routes (the
 *      /sandbox pages 404, the billing config says "test"), and when it exits it has loaded no file of the
 *      package and never evaluated it (scripts/lib/module-report.cjs records require.cache and the marker).
 * npm test runs it on the PGlite leg (scripts/test.sh). Options: --dist DIR (default .next-keycheck),
 * --port N (default E2E_PORT or 3210: it runs after Playwright, on its port), --no-build (check an existing build), --keep (leave the build in place).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { dist: { type: "string", default: ".next-keycheck" }, port: { type: "string", default: process.env.E2E_PORT ?? "3210" }, "no-build": { type: "boolean", default: false }, keep: { type: "boolean", default: false } },
});
const dist = values.dist;
const port = Number(values.port);
const KEY = "sk_test_sandbox_exclusion_check";
const marker = /SANDBOX_MODULE_MARKER = "([^"]+)"/.exec(readFileSync(path.join(root, "packages/stripe-sandbox/src/index.ts"), "utf8"))?.[1];
if (!marker) throw new Error("SANDBOX_MODULE_MARKER not found in packages/stripe-sandbox/src/index.ts");
const problems = [];
const say = (s) => console.log(`sandbox-exclusion: ${s}`);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: dist, STRIPE_SECRET_KEY: KEY };
delete env.DATABASE_URL;

if (!values["no-build"]) {
  say(`building with STRIPE_SECRET_KEY set into ${dist}/ …`);
  const b = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (b.status !== 0) {
    process.stderr.write(b.stdout + b.stderr);
    throw new Error("next build with a Stripe key failed");
  }
}

// 1. static
function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}
const serverDir = path.join(root, dist, "server");
let scanned = 0;
for (const file of walk(serverDir)) {
  const rel = path.relative(root, file);
  if (/\.(js|mjs|cjs)$/.test(file)) {
    scanned++;
    if (/stripe-sandbox/.test(path.basename(file))) problems.push(`sandbox chunk in the server output: ${rel}`);
    if (statSync(file).size < 50_000_000 && readFileSync(file, "utf8").includes(marker)) problems.push(`sandbox code (its marker) in ${rel}`);
  }
}
say(`static: ${scanned} server files scanned for sandbox chunks and the marker "${marker}"`);

// 2. runtime
const work = mkdtempSync(path.join(tmpdir(), "sandbox-exclusion-"));
const reportBase = path.join(work, "modules");
const base = `http://127.0.0.1:${port}`;
const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], {
  cwd: root,
  env: {
    ...env,
    NODE_ENV: "production",
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(root, "scripts/lib/module-report.cjs")}`.trim(),
    MODULE_REPORT: reportBase,
    APP_URL: base,
    AUTH_SECRET: "sandbox-exclusion-check-auth-secret-0123456789",
    PGLITE_DIR: path.join(work, "pglite"),
    SEED_ON_START: "0",
    JOBS_ENABLED: "0",
    STRIPE_WEBHOOK_SECRET: "whsec_sandbox_exclusion_check",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
let output = "";
server.stdout.on("data", (d) => (output += d));
server.stderr.on("data", (d) => (output += d));
const exited = new Promise((resolve) => server.on("exit", resolve));

async function get(p, init) {
  const res = await fetch(`${base}${p}`, { redirect: "manual", ...init, signal: AbortSignal.timeout(60_000) });
  await res.arrayBuffer();
  return res;
}
try {
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      if ((await get("/api/health")).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`next start did not answer /api/health in 3 minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const expect = async (p, want, init) => {
    const res = await get(p, init);
    if (!want.includes(res.status)) problems.push(`${init?.method ?? "GET"} ${p}: HTTP ${res.status}, expected ${want.join(" or ")}`);
  };
  await expect("/", [200, 307, 308]);
  await expect("/sign-in", [200]);
  await expect("/pricing", [200, 404]);
  await expect("/sandbox/checkout/cs_test_x", [404]);
  await expect("/sandbox/portal/bps_x", [404]);
  await expect("/api/sandbox/clock", [404]);
  await expect("/api/webhooks/stripe", [400], { method: "POST", body: "{}", headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" } });
  const config = await fetch(`${base}/api/billing/config`).then((r) => r.json());
  if (config.mode !== "test") problems.push(`/api/billing/config says mode ${JSON.stringify(config.mode)}, expected "test"`);
} finally {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {}
}
const reports = readdirSync(work).filter((f) => f.startsWith("modules.")).map((f) => JSON.parse(readFileSync(path.join(work, f), "utf8")));
if (!reports.length) problems.push("the server wrote no module report (scripts/lib/module-report.cjs)");
let loaded = 0;
for (const r of reports) {
  loaded += r.files.length;
  if (r.sandboxMarker) problems.push(`process ${r.pid} evaluated the sandbox package (marker set)`);
  for (const f of r.files.filter((x) => /stripe-sandbox/.test(x))) problems.push(`process ${r.pid} loaded ${path.relative(root, f)}`);
}
say(`runtime: next start with the key answered; ${reports.length} process report(s), ${loaded} loaded files checked`);
rmSync(work, { recursive: true, force: true });
if (!values.keep && !values["no-build"] && existsSync(path.join(root, dist))) rmSync(path.join(root, dist), { recursive: true, force: true });

if (problems.length) {
  console.error(`sandbox-exclusion: FAILED — the production build with a Stripe key contains or loads the sandbox:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
say("OK: the production build with a Stripe key neither contains nor loads the sandbox package");
