import { expect, test } from "@playwright/test";
import { INSTANCES, URL_A, URL_B } from "./env";
import { apiGet, apiPost, closeDb, db, orgWithKey, other, pool, rng, runTag, shuffle, tally } from "./helpers";

/**
 * Group commit over two instances: 1,000 usage events with unique idempotency keys, 30 % of them sent
 * a second time to the OTHER instance (1,300 sends), in batches of 1-20 (a batch of 1 as a single
 * event object) shuffled and posted 16 at a time → each key recorded exactly once across all answers,
 * 1,000 rows stored, and the period counter equal to the sum of the unique events' quantities.
 */
test.afterAll(closeDb);

const UNIQUE = 1_000;
const DUPLICATED = 300; // 30 %
const CONCURRENCY = 16;

type Ev = { metric: string; quantity: number; idempotency_key: string };

test("1,000 events + 30 % duplicates on the other instance, concurrent batches → stored once, counters exact", async ({ request }) => {
  test.setTimeout(180_000);
  const tag = runTag("gc");
  const seed = Number.parseInt(tag.slice(-6), 16);
  const random = rng(seed);
  const { orgId, key } = await orgWithKey(tag);

  const events: Ev[] = Array.from({ length: UNIQUE }, (_, i) => ({ metric: "tokens", quantity: 1 + Math.floor(random() * 50), idempotency_key: `${tag}_u${i}` }));
  const expectedSum = events.reduce((s, e) => s + e.quantity, 0);
  const sends: Array<{ e: Ev; instance: string }> = events.map((e, i) => ({ e, instance: INSTANCES[i % 2]! }));
  for (const i of shuffle([...events.keys()], random).slice(0, DUPLICATED)) sends.push({ e: events[i]!, instance: other(INSTANCES[i % 2]!) });

  // Per instance: shuffle its sends and cut them into batches of 1-20; then interleave all batches at random.
  const batches: Array<{ instance: string; events: Ev[] }> = [];
  for (const instance of INSTANCES) {
    const mine = shuffle(sends.filter((s) => s.instance === instance).map((s) => s.e), random);
    for (let at = 0; at < mine.length; ) {
      const n = 1 + Math.floor(random() * 20);
      batches.push({ instance, events: mine.slice(at, at + n) });
      at += n;
    }
  }
  const answers = await pool(
    shuffle(batches, random).map((b) => () => apiPost(request, b.instance, "/api/v1/usage", key, b.events.length === 1 ? b.events[0] : { events: b.events })),
    CONCURRENCY,
  );
  expect(tally(answers, (a) => String(a.status))).toEqual({ "200": batches.length });
  const outcomes = answers.flatMap((a) => (a.body.events as Array<{ idempotency_key: string; status: string }>).map((e) => ({ ...e, instance: a.instance })));
  expect(outcomes).toHaveLength(UNIQUE + DUPLICATED);
  const recorded = outcomes.filter((o) => o.status === "recorded");
  expect(recorded).toHaveLength(UNIQUE);
  expect(new Set(recorded.map((o) => o.idempotency_key)).size).toBe(UNIQUE);
  expect(outcomes.filter((o) => o.status === "duplicate")).toHaveLength(DUPLICATED);
  expect(answers.reduce((s, a) => s + Number(a.body.recorded), 0)).toBe(UNIQUE);
  expect(answers.reduce((s, a) => s + Number(a.body.duplicates), 0)).toBe(DUPLICATED);
  const recordedBy = tally(recorded, (o) => o.instance);

  const sql = db();
  const [ev] = await sql`select count(*)::int as n, count(distinct idempotency_key)::int as keys, sum(quantity)::int as q from usage_events where org_id = ${orgId}`;
  expect(ev).toEqual({ n: UNIQUE, keys: UNIQUE, q: expectedSum });
  const counters = await sql`select metric, used::int from usage_counters where org_id = ${orgId}`;
  expect(counters).toEqual([{ metric: "tokens", used: expectedSum }]);
  for (const instance of INSTANCES) {
    expect((await apiGet(request, instance, "/api/v1/check?metric=tokens&quantity=0", key)).body).toMatchObject({ used: expectedSum });
  }
  console.log(
    `[multi] group commit: ${sends.length} sends in ${batches.length} requests (seed ${seed}) → ${UNIQUE} recorded (A ${recordedBy[URL_A] ?? 0}, B ${recordedBy[URL_B] ?? 0}), ${DUPLICATED} duplicates, counter ${expectedSum}`,
  );
});
