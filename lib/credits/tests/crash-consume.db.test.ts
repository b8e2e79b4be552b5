import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ackedLines as acked, startCrashChild } from "@/tests/crash-helpers";
import { db } from "@/db";
import { creditTransactions } from "@/db/schema";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { grantCredits } from "@/lib/credits/grant-credits";
import { verifyLedger } from "@/lib/credits/verify-ledger";
import { makeOrg } from "@/lib/usage/tests/helpers";

describe("crash safety of credit consumption", () => {
  // PGlite here is in-memory inside one process: a second process cannot open it. The claim is about a shared server.
  it.skipIf(!process.env.DATABASE_URL)("a process SIGKILLed mid-spend loses no acknowledged spend, applies none twice, and the ledger equals the balance (Postgres only)", async () => {
    const orgId = await makeOrg("crash credits");
    await grantCredits({ orgId, source: "purchased", amount: 1_000_000, idempotencyKey: "crash-grant", actor: { type: "system", id: null } });
    const ackFile = path.join(mkdtempSync(path.join(os.tmpdir(), "crash-credits-")), "acks.txt");
    const run = startCrashChild(path.join(__dirname, "crash-consume-child.ts"), { CRASH_ORG_ID: orgId, ACK_FILE: ackFile });
    const deadline = Date.now() + 90_000;
    while (acked(ackFile).length < 500 && Date.now() < deadline && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    await run.kill();
    expect(run.stderr()).toBe("");
    const keys = acked(ackFile);
    expect(keys.length).toBeGreaterThanOrEqual(500);

    const spends = await db
      .select({ key: creditTransactions.idempotencyKey, amount: creditTransactions.amount })
      .from(creditTransactions)
      .where(and(eq(creditTransactions.orgId, orgId), like(creditTransactions.idempotencyKey, "consume:spend_%")));
    const stored = new Set(spends.map((s) => s.key));
    // Every acknowledged spend is in the ledger; none is there twice; each took exactly 1 credit.
    expect(keys.filter((k) => !stored.has(`consume:${k}`))).toEqual([]);
    expect(stored.size).toBe(spends.length);
    expect(spends.every((s) => s.amount === -1)).toBe(true);
    // The ledger equals the balances after the crash.
    const ledger = await verifyLedger(orgId);
    expect(ledger).toMatchObject({ ok: true, balance: 1_000_000 - spends.length });

    // "After restart": the client retries what it sent before the crash — nothing is applied twice.
    for (const k of keys.slice(0, 50)) await consumeCredits({ orgId, amount: 1, idempotencyKey: k });
    expect((await verifyLedger(orgId)).balance).toBe(1_000_000 - spends.length);
  });
});
