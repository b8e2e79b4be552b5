import { NextRequest } from "next/server";
import { statSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/sandbox/clock/route";
import { resetEnvForTests } from "@/lib/env";
import { sandboxTokenPath, writeSandboxToken } from "@/lib/stripe/sandbox-control";

/** POST /api/sandbox/clock: the control token moves the sandbox clock; everything else is refused. */
const ctx = { params: Promise.resolve({}) };
// Small moves: on Postgres the sandbox tables are shared by the run's test files, and moving the
// clock processes everyone's due work (renewals, trial ends).
const HOUR = 3_600_000;
let token: string;

const post = (body: unknown, auth?: string) =>
  POST(
    new NextRequest("http://localhost/api/sandbox/clock", {
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    ctx,
  );

beforeAll(() => {
  // Never touch a developer's real .data/sandbox-token.
  process.env.PGLITE_DIR = process.env.DATABASE_URL ? `memory://clock-test` : process.env.PGLITE_DIR;
  resetEnvForTests();
  token = writeSandboxToken();
});

afterEach(() => {
  delete process.env.STRIPE_SECRET_KEY;
  resetEnvForTests();
});

describe("sandbox clock route", () => {
  it("writes the token 0600 outside the repo in tests", () => {
    expect(token).toMatch(/^sbx_[A-Za-z0-9_-]{32}$/);
    expect(statSync(sandboxTokenPath()).mode & 0o777).toBe(0o600);
  });

  it("advances by a duration with the control token", async () => {
    const before = (await (await GET(new NextRequest("http://localhost/api/sandbox/clock", { headers: { authorization: `Bearer ${token}` } }), ctx)).json()) as { now: string };
    const res = await post({ advance: "2h" }, `Bearer ${token}`);
    expect(res.status).toBe(200);
    const after = (await res.json()) as { now: string; offset_ms: number };
    const moved = Date.parse(after.now) - Date.parse(before.now);
    expect(moved).toBeGreaterThanOrEqual(2 * HOUR);
    expect(moved).toBeLessThan(2 * HOUR + 10_000);
    expect(after.offset_ms).toBeGreaterThanOrEqual(2 * HOUR - 10_000);
  });

  it("moves to an absolute time", async () => {
    const target = new Date(Date.now() + 3 * HOUR).toISOString();
    const res = await post({ to: target }, `Bearer ${token}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { now: string };
    expect(Math.abs(Date.parse(body.now) - Date.parse(target))).toBeLessThan(5_000);
  });

  it("refuses moving backwards, bad durations and bad bodies with 400", async () => {
    const back = await post({ to: "2020-01-01T00:00:00Z" }, `Bearer ${token}`);
    expect(back.status).toBe(400);
    expect(((await back.json()) as { error: { code: string } }).error.code).toBe("clock_backwards");
    const bad = await post({ advance: "soon" }, `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_duration");
    expect((await post({ advance: "1d", to: "2030-01-01" }, `Bearer ${token}`)).status).toBe(400);
    expect((await post("{not json", `Bearer ${token}`)).status).toBe(400);
  });

  // Issue 14 finding 5: {"advance":"99999999999d"} stalled the server for 495 s, then answered 500.
  it("caps a move at 9999 days (the admin form's maximum), answering at once", async () => {
    const started = Date.now();
    for (const advance of ["99999999999d", "10000d", "240000h"]) {
      const res = await post({ advance }, `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_duration");
    }
    const far = await post({ to: "9999-12-31T00:00:00Z" }, `Bearer ${token}`);
    expect(far.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("moves one at a time: a second move while one runs is 409 clock_busy, and the first completes", async () => {
    const first = post({ advance: "1h" }, `Bearer ${token}`);
    const second = await post({ advance: "1h" }, `Bearer ${token}`);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe("clock_busy");
    expect((await first).status).toBe(200);
    expect((await post({ advance: "1h" }, `Bearer ${token}`)).status).toBe(200);
  });

  it("a wrong token is 401", async () => {
    const res = await post({ advance: "1d" }, "Bearer sbx_wrong");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_token");
  });

  it("is 404 outside sandbox mode, even with the token", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_real";
    resetEnvForTests();
    expect((await post({ advance: "1d" }, `Bearer ${token}`)).status).toBe(404);
  });
});
