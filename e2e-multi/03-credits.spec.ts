import { expect, test } from "@playwright/test";
import { INSTANCES, URL_A, URL_B } from "./env";
import { apiGet, apiPost, closeDb, db, grantPackByWebhook, ledger, orgWithKey, other, pool, rng, runTag, shuffle, tally } from "./helpers";

/**
 * Credits over two instances: a balance of B = 1,000 (a credit pack granted by a signed webhook) spent
 * by 1,200 concurrent 1-credit consumes spread over both instances, plus 200 replays of a key sent to
 * the OTHER instance → exactly 1,000 keys succeed, balance 0, ledger consistent. Then holds: 120
 * concurrent 10-credit reservations on a fresh 1,000 → exactly 100 held; each committed (7) on BOTH
 * instances at once → settled once, 300 back.
 */
test.afterAll(closeDb);

const B = 1_000;
const CONSUMES = 1_200;
const REPLAYS = 200;
const CONCURRENCY = 32;

test("a balance of 1,000 spent by 1,200 concurrent consumes over both instances → exactly 1,000 succeed; balances = ledger", async ({ request }) => {
  test.setTimeout(240_000);
  const tag = runTag("cr");
  const seed = Number.parseInt(tag.slice(-6), 16);
  const random = rng(seed);
  const { orgId, key } = await orgWithKey(tag);
  await grantPackByWebhook(request, URL_B, orgId, `cs_${tag}_1`);
  expect((await apiGet(request, URL_A, "/api/v1/credits", key)).body.balance).toBe(B);

  // Each consume goes to A or B alternately; the first 200 keys are replayed on the other instance.
  const sends: Array<{ k: string; instance: string }> = [];
  for (let i = 0; i < CONSUMES; i++) sends.push({ k: `${tag}_c${i}`, instance: INSTANCES[i % 2]! });
  for (let i = 0; i < REPLAYS; i++) sends.push({ k: `${tag}_c${i}`, instance: other(INSTANCES[i % 2]!) });
  const answers = await pool(
    shuffle(sends, random).map((s) => async () => ({ ...(await apiPost(request, s.instance, "/api/v1/credits/consume", key, { amount: 1, idempotency_key: s.k })), k: s.k })),
    CONCURRENCY,
  );
  expect(answers).toHaveLength(CONSUMES + REPLAYS);
  const byStatus = tally(answers, (a) => String(a.status));
  expect(Object.keys(byStatus).sort()).toEqual(["200", "402"]);
  const spent = answers.filter((a) => a.status === 200 && a.body.duplicate === false);
  expect(spent).toHaveLength(B);
  expect(new Set(spent.map((a) => a.k)).size).toBe(B);
  // A replay answered 200 is the first result of its key (duplicate: true, same transaction).
  const txOf = new Map(spent.map((a) => [a.k, a.body.transaction_id]));
  for (const a of answers.filter((x) => x.status === 200 && x.body.duplicate === true)) expect(a.body.transaction_id).toBe(txOf.get(a.k));
  for (const a of answers.filter((x) => x.status === 402)) expect((a.body.error as { code: string }).code).toBe("insufficient_credits");
  const spentBy = tally(spent, (a) => a.instance);
  expect(spentBy[URL_A]! + spentBy[URL_B]!).toBe(B);

  for (const instance of INSTANCES) expect((await apiGet(request, instance, "/api/v1/credits", key)).body.balance).toBe(0);
  const sql = db();
  const [c] = await sql`select count(*)::int as n, coalesce(sum(amount), 0)::int as total, count(distinct idempotency_key)::int as keys from credit_transactions where org_id = ${orgId} and kind = 'consume'`;
  expect(c).toEqual({ n: B, total: -B, keys: B });
  expect(await ledger(orgId)).toEqual({ balance: 0, ledgerSum: 0, grantsRemaining: 0, lastBalanceAfter: 0, negative: 0 });
  console.log(`[multi] credits: ${answers.length} consume requests (seed ${seed}) → ${B} spent (A ${spentBy[URL_A]}, B ${spentBy[URL_B]}), ${byStatus["402"]} × 402`);
});

test("holds over both instances: 120 concurrent reservations of 10 on 1,000 → exactly 100; each committed on both instances at once → settled once", async ({ request }) => {
  test.setTimeout(240_000);
  const tag = runTag("hd");
  const { orgId, key } = await orgWithKey(tag);
  await grantPackByWebhook(request, URL_A, orgId, `cs_${tag}_1`);

  const holds = await pool(
    Array.from({ length: 120 }, (_, i) => () => apiPost(request, INSTANCES[i % 2]!, "/api/v1/credits/holds", key, { amount: 10, idempotency_key: `${tag}_h${i}`, ttl_seconds: 600 })),
    CONCURRENCY,
  );
  expect(tally(holds, (h) => String(h.status))).toEqual({ "201": 100, "402": 20 });
  const held = holds.filter((h) => h.status === 201).map((h) => String(h.body.id));
  expect(new Set(held).size).toBe(100);
  expect((await apiGet(request, URL_B, "/api/v1/credits", key)).body).toMatchObject({ balance: 0, held: 1_000 });

  // Commit 7 of each hold's 10 on A and on B at the same moment: one settles it, the other sees it settled (same amount → same answer).
  const commits = await pool(
    held.flatMap((id) => INSTANCES.map((instance) => () => apiPost(request, instance, `/api/v1/credits/holds/${id}/commit`, key, { amount: 7 }))),
    CONCURRENCY,
  );
  expect(tally(commits, (c) => `${c.status}/${c.body.status}`)).toEqual({ "200/committed": 200 });
  const sql = db();
  const [h] = await sql`select count(*)::int as n, sum(committed_amount)::int as committed from credit_holds where org_id = ${orgId} and status = 'committed'`;
  expect(h).toEqual({ n: 100, committed: 700 });
  const kinds = await sql`select kind::text, count(*)::int as n, sum(amount)::int as total from credit_transactions where org_id = ${orgId} group by 1 order by 1`;
  expect(kinds).toEqual([
    { kind: "commit", n: 100, total: 300 },
    { kind: "grant", n: 1, total: 1_000 },
    { kind: "hold", n: 100, total: -1_000 },
  ]);
  for (const instance of INSTANCES) expect((await apiGet(request, instance, "/api/v1/credits", key)).body).toMatchObject({ balance: 300, held: 0 });
  expect(await ledger(orgId)).toEqual({ balance: 300, ledgerSum: 300, grantsRemaining: 300, lastBalanceAfter: 300, negative: 0 });
  console.log(`[multi] holds: 120 reservations → 100 held, 200 concurrent commits → 100 settled, balance 300`);
});
