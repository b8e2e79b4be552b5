import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/sandbox/clock/route";
import { nowMs } from "@/lib/clock";
import { resetEnvForTests } from "@/lib/env";
import { writeSandboxToken } from "@/lib/stripe/sandbox-control";

/**
 * `npm run clock:advance -- 2h` end to end: the script (a separate process that never opens the
 * database) reads the token file and POSTs to the app, here a bare HTTP server in front of the route.
 */
const run = promisify(execFile);
let server: http.Server;
let appUrl: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "clock-script-"));
  // The database is already open (in memory or Postgres); PGLITE_DIR now only locates the token file.
  process.env.PGLITE_DIR = path.join(dataDir, "pglite");
  resetEnvForTests();
  writeSandboxToken();
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r = await POST(
      new NextRequest(`${appUrl}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(r.status, { "content-type": "application/json" });
    res.end(await r.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const script = (args: string[], env: Record<string, string> = {}) =>
  run(path.resolve("node_modules/.bin/tsx"), ["scripts/clock-advance.ts", ...args], {
    env: { ...process.env, APP_URL: appUrl, PGLITE_DIR: path.join(dataDir, "pglite"), ...env },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

describe("npm run clock:advance", () => {
  it("moves the running app's clock", async () => {
    const before = nowMs();
    const r = await script(["2h"]);
    expect(r.out).toMatch(/Sandbox clock is now \d{4}-\d\d-\d\dT/);
    expect(r.code).toBe(0);
    const moved = nowMs() - before;
    expect(moved).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(moved).toBeLessThan(2 * 3_600_000 + 60_000);
  });

  it("reports the app's refusal and exits non-zero", async () => {
    const r = await script(["--to", "2020-01-01T00:00:00Z"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Clock not moved (400)");
  });

  it("explains a missing token file", async () => {
    const r = await script(["1h"], { PGLITE_DIR: path.join(dataDir, "elsewhere", "pglite") });
    expect(r.code).toBe(1);
    expect(r.out).toContain("No control token");
  });
});
