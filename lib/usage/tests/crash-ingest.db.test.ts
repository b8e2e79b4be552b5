import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ackedLines as ackedKeys, startCrashChild } from "@/tests/crash-helpers";
import { db } from "@/db";
import { execRows } from "../exec-rows";
import { makeOrg } from "./helpers";

describe("crash safety", () => {
  // PGlite is an in-process, in-memory database here: a second process cannot open it, and a
  // SIGKILLed child takes its database with it — the durability claim is about a shared server.
  it.skipIf(!process.env.DATABASE_URL)("a process SIGKILLed mid-ingestion loses no acknowledged event (Postgres only)", async () => {
    const orgId = await makeOrg("crash");
    const ackFile = path.join(mkdtempSync(path.join(os.tmpdir(), "crash-")), "acks.txt");
    const run = startCrashChild(path.join(__dirname, "crash-ingest-child.ts"), { CRASH_ORG_ID: orgId, ACK_FILE: ackFile });
    const deadline = Date.now() + 90_000;
    while (ackedKeys(ackFile).length < 2_000 && Date.now() < deadline && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    await run.kill();
    const acked = ackedKeys(ackFile);
    expect(run.stderr()).toBe("");
    expect(acked.length).toBeGreaterThanOrEqual(2_000);
    const rows = await execRows<{ idempotency_key: string }>(db, sql`select idempotency_key from usage_events where org_id = ${orgId}`);
    const stored = new Set(rows.map((r) => r.idempotency_key));
    const lost = acked.filter((k) => !stored.has(k));
    expect(lost).toEqual([]);
    // The kill landed mid-way: rows may exist that were committed but never acknowledged, not the reverse.
    expect(stored.size).toBeGreaterThanOrEqual(new Set(acked).size);
    const [c] = await execRows<{ used: string }>(db, sql`select used::text from usage_counters where org_id = ${orgId}`);
    expect(Number(c?.used)).toBe(stored.size);
  });
});
