import { expect, test } from "@playwright/test";
import { INSTANCES, URL_A, URL_B } from "./env";
import { apiGet, closeDb, db, orgWithKey, pool, runTag, tally } from "./helpers";

/**
 * A hard limit over two instances: the free plan's api_calls (100 included, no overage) consumed by
 * 160 concurrent calls of the metered GET /api/v1/signals (cost 1), alternating between instances →
 * exactly 100 answered 200 and 60 answered 429 quota_exceeded; the counter stops at 100, never above,
 * and exactly 100 usage events are stored.
 */
test.afterAll(closeDb);

const LIMIT = 100; // lib/billing/catalog.ts: free plan, api_calls { included: 100, overageUnitAmountCents: null }
const CALLS = 160;

test("free plan api_calls (hard 100): 160 concurrent metered calls over both instances → exactly 100 succeed, counter 100", async ({ request }) => {
  test.setTimeout(180_000);
  const tag = runTag("hl");
  const { orgId, key } = await orgWithKey(tag);

  const answers = await pool(
    Array.from({ length: CALLS }, (_, i) => () => apiGet(request, INSTANCES[i % 2]!, "/api/v1/signals", key)),
    32,
  );
  expect(tally(answers, (a) => String(a.status))).toEqual({ "200": LIMIT, "429": CALLS - LIMIT });
  for (const a of answers.filter((x) => x.status === 429)) expect((a.body.error as { code: string }).code).toBe("quota_exceeded");
  const okBy = tally(answers.filter((a) => a.status === 200), (a) => a.instance);

  const sql = db();
  const counters = await sql`select metric, used::int, peak::int from usage_counters where org_id = ${orgId}`;
  expect(counters).toEqual([{ metric: "api_calls", used: LIMIT, peak: LIMIT }]);
  const [ev] = await sql`select count(*)::int as n, sum(quantity)::int as q from usage_events where org_id = ${orgId} and metric = 'api_calls'`;
  expect(ev).toEqual({ n: LIMIT, q: LIMIT });
  // Both instances read the same, exhausted counter.
  for (const instance of INSTANCES) {
    const check = await apiGet(request, instance, "/api/v1/check?metric=api_calls", key);
    expect(check.body).toMatchObject({ allowed: false, limit: LIMIT, used: LIMIT, remaining: 0 });
  }
  console.log(`[multi] hard limit: ${CALLS} calls → ${LIMIT} allowed (A ${okBy[URL_A] ?? 0}, B ${okBy[URL_B] ?? 0}), ${CALLS - LIMIT} × 429`);
});
