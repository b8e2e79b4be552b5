import { expect, test } from "@playwright/test";
import { INSTANCES, URL_A, URL_B } from "./env";
import { closeDb, db, deliver, ledger, orgWithKey, paidPackSession, pool, rng, runTag, shuffle, stripeEvent, stripeHoldsSessions, tally, type Answer } from "./helpers";

/**
 * Webhooks over two instances: every event delivered to BOTH instances at once (every 5th a third
 * time), all deliveries shuffled and sent concurrently → each event stored once, acknowledged as new
 * exactly once, queued once, claimed once (attempts = 1), and the credit pack of each Checkout
 * Session granted once even when two different events name the same session.
 */
test.afterAll(closeDb);

const SESSIONS = 150; // distinct paid credit-pack sessions (pack_1000)
const SECOND_EVENT = 50; // sessions that get a second, different event id (as Stripe may send)
const NOOPS = 100; // events of a type with no handler: stored, acknowledged, processed with a note
const CONCURRENCY = 24;

test("300 events, each to both instances concurrently (some 3×), shuffled → stored once, processed once, one grant per session", async ({ request }) => {
  test.setTimeout(240_000);
  const tag = runTag("wh");
  const seed = Number.parseInt(tag.slice(-6), 16);
  const random = rng(seed);
  const { orgId } = await orgWithKey(tag);

  const events: Array<{ id: string; event: object }> = [];
  for (let i = 0; i < SESSIONS; i++) {
    const session = paidPackSession(`cs_${tag}_${i}`, orgId);
    await stripeHoldsSessions([session]);
    events.push({ id: `evt_${tag}_a${i}`, event: stripeEvent(`evt_${tag}_a${i}`, "checkout.session.completed", session) });
    if (i < SECOND_EVENT) events.push({ id: `evt_${tag}_b${i}`, event: stripeEvent(`evt_${tag}_b${i}`, "checkout.session.completed", session) });
  }
  for (let i = 0; i < NOOPS; i++) {
    events.push({ id: `evt_${tag}_n${i}`, event: stripeEvent(`evt_${tag}_n${i}`, "test.multi_instance.noop", { id: `obj_${tag}_${i}`, object: "test_object" }) });
  }
  expect(events).toHaveLength(300);

  // Each event to A and to B; every 5th once more, to either. Shuffled, then sent 24 at a time.
  const deliveries: Array<{ id: string; event: object; instance: string }> = [];
  events.forEach((e, n) => {
    deliveries.push({ ...e, instance: URL_A }, { ...e, instance: URL_B });
    if (n % 5 === 0) deliveries.push({ ...e, instance: INSTANCES[Math.floor(random() * 2)]! });
  });
  const order = shuffle(deliveries, random);
  const answers = await pool(
    order.map((d) => async (): Promise<Answer & { id: string }> => ({ ...(await deliver(request, d.instance, d.event)), id: d.id })),
    CONCURRENCY,
  );

  expect(answers).toHaveLength(660);
  expect(tally(answers, (a) => String(a.status))).toEqual({ "200": 660 });
  expect(tally(answers, (a) => a.instance)).toEqual({ [URL_A]: expect.any(Number), [URL_B]: expect.any(Number) });
  // Exactly one delivery of each event was stored (duplicate: false); every other was acknowledged as a duplicate.
  const fresh = answers.filter((a) => a.body.duplicate === false);
  expect(fresh).toHaveLength(300);
  expect(new Set(fresh.map((a) => a.id)).size).toBe(300);
  expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(360);
  const freshBy = tally(fresh, (a) => a.instance);

  const sql = db();
  const ids = events.map((e) => e.id);
  // Processing is asynchronous (pg-boss workers on both instances): wait, bounded, for every event to settle.
  await expect
    .poll(async () => Number((await sql`select count(*)::int as n from stripe_events where id = any(${sql.array(ids)}) and status = 'processed'`)[0]!.n), {
      timeout: 120_000,
      intervals: [500, 1_000, 2_000],
    })
    .toBe(300);
  const rows = await sql`select id, status, attempts, note from stripe_events where id = any(${sql.array(ids)})`;
  expect(rows).toHaveLength(300);
  expect(tally(rows, (r) => `${r.status}/${r.attempts}`)).toEqual({ "processed/1": 300 });
  const notes = tally(rows, (r) => String(r.note ?? "").replace(/^granted \d+ credits.*/, "granted").replace(/^pack .* already granted$/, "already granted").replace(/^no handler for .*/, "no handler"));
  expect(notes).toEqual({ granted: SESSIONS, "already granted": SECOND_EVENT, "no handler": NOOPS });

  // One pg-boss job per event (enqueued only by the delivery that stored it), completed on its first run.
  await expect
    .poll(async () => Number((await sql`select count(*)::int as n from pgboss.job where name = 'stripe-event' and data->>'eventId' = any(${sql.array(ids)}) and state <> 'completed'`)[0]!.n), {
      timeout: 60_000,
      intervals: [500, 1_000, 2_000],
    })
    .toBe(0);
  // The stripe-event-sweeper (every 5 min) may queue an event again once it has waited 2 min unclaimed
  // (its singletonKey does not dedupe on a standard queue); the claim keeps that harmless (attempts = 1
  // above). Events claimed within 2 min of receipt were never eligible: exactly one job each.
  const jobs = await sql`select e.id, (e.processing_started_at - e.received_at) < interval '2 minutes' as prompt, count(j.id)::int as n, max(j.retry_count)::int as retries
    from stripe_events e join pgboss.job j on j.name = 'stripe-event' and j.data->>'eventId' = e.id
    where e.id = any(${sql.array(ids)}) group by 1, 2`;
  expect(jobs).toHaveLength(300);
  expect(jobs.every((j) => j.retries === 0 && (j.prompt ? j.n === 1 : j.n >= 1))).toBe(true);
  const prompt = jobs.filter((j) => j.prompt).length;

  // The side effect, idempotent on the Stripe object: one grant per Checkout Session, and the ledger adds up.
  const grants = await sql`select idempotency_key, amount from credit_grants where org_id = ${orgId}`;
  expect(grants).toHaveLength(SESSIONS);
  expect(new Set(grants.map((g) => g.idempotency_key)).size).toBe(SESSIONS);
  expect(grants.every((g) => String(g.idempotency_key).startsWith(`pack:cs_${tag}_`) && Number(g.amount) === 1_000)).toBe(true);
  const [tx] = await sql`select count(*)::int as n from credit_transactions where org_id = ${orgId} and kind = 'grant'`;
  expect(tx!.n).toBe(SESSIONS);
  expect(await ledger(orgId)).toEqual({ balance: SESSIONS * 1_000, ledgerSum: SESSIONS * 1_000, grantsRemaining: SESSIONS * 1_000, lastBalanceAfter: SESSIONS * 1_000, negative: 0 });

  console.log(`[multi] webhooks: ${events.length} events, ${answers.length} deliveries (seed ${seed}); stored by A ${freshBy[URL_A] ?? 0}, by B ${freshBy[URL_B] ?? 0}; ${SESSIONS} grants; ${prompt} events claimed within 2 min of receipt (one job each)`);
});
