import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDbHandle, getDbKind } from "@/db";
import { GET as statusGET } from "@/app/api/v1/billing/status/route";
import { POST as usagePOST } from "@/app/api/v1/usage/route";
import { assertErrorShape, noParams, orgWithKey, request } from "./helpers";

/**
 * Database connection loss mid-request (real Postgres only: PGlite is in-process, there is no connection
 * to lose). The pool's own backends are killed with pg_terminate_backend while requests run: every answer
 * is 2xx or a clean JSON 5xx (never a hang, never a non-JSON body), and later requests succeed without a
 * restart. Only this process's connections are killed (files share the database).
 */

vi.setConfig({ testTimeout: 120_000 });
const onPostgres = getDbKind() === "postgres";
const BASE = "http://localhost:3000/api/v1";
let key: string;

beforeAll(async () => {
  if (onPostgres) ({ key } = await orgWithKey("DB loss"));
});

/** The backend pids of this process's pool (every connection answers at least one of 30 parallel queries). */
async function ourBackends(): Promise<number[]> {
  const h = await getDbHandle();
  const rows = await Promise.all(Array.from({ length: 30 }, () => h.raw("select pg_backend_pid() as pid, pg_sleep(0.02)")));
  return [...new Set(rows.map((r) => Number(r[0]!.pid)))];
}

async function killBackends(pids: number[]) {
  const { default: postgres } = await import("postgres");
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe("select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1::int[])", [pids]);
  } finally {
    await admin.end();
  }
}

const usage = (i: number) => usagePOST(request(`${BASE}/usage`, { method: "POST", key, raw: JSON.stringify({ metric: "api_calls", quantity: 1, idempotency_key: `dbloss-${i}-${Math.random()}` }) }), noParams);

describe.skipIf(!onPostgres)("database connection loss (Postgres)", () => {
  it("connections killed during 40 in-flight requests → each answer is 200 or a JSON 5xx; the next requests succeed", async () => {
    const pids = await ourBackends();
    expect(pids.length).toBeGreaterThan(0);
    const inflight = Array.from({ length: 40 }, (_, i) => (i % 2 ? usage(i) : statusGET(request(`${BASE}/billing/status`, { key }), noParams)));
    await new Promise((r) => setTimeout(r, 5));
    await killBackends(pids);
    const results = await Promise.all(inflight);
    for (const res of results) {
      const body = await res.json();
      if (res.status >= 500) {
        expect([500, 503]).toContain(res.status);
        assertErrorShape(body);
      } else expect(res.status).toBe(200);
    }
    // Recovery without a restart: the pool reconnects.
    for (let i = 0; i < 5; i++) {
      expect((await usage(1000 + i)).status).toBe(200);
      expect((await statusGET(request(`${BASE}/billing/status`, { key }), noParams)).status).toBe(200);
    }
  });

  it("connections killed between requests → at most one clean JSON 5xx per killed connection, then every request succeeds", async () => {
    await killBackends(await ourBackends());
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await statusGET(request(`${BASE}/billing/status`, { key }), noParams);
      statuses.push(res.status);
      const body = await res.json();
      if (res.status !== 200) assertErrorShape(body);
    }
    // A killed idle connection may fail the one query that next picks it (at most one per pooled
    // connection, all at the start); after that every request succeeds — no restart needed.
    const failures = statuses.findIndex((st) => st === 200);
    expect(failures).toBeGreaterThanOrEqual(0);
    expect(failures).toBeLessThanOrEqual(Number(process.env.DATABASE_POOL_SIZE ?? 10));
    expect(statuses.slice(failures)).toEqual(Array(statuses.length - failures).fill(200));
  });
});

it.skipIf(onPostgres)("database connection loss: skipped on PGlite (in-process, no connection to lose)", () => {
  expect(getDbKind()).toBe("pglite");
});
