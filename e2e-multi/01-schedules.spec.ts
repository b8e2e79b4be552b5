import { expect, test } from "@playwright/test";
import { INSTANCES } from "./env";
import { closeDb, db, runTag } from "./helpers";

/**
 * Scheduled jobs with two instances running: each schedule fires once per slot.
 *
 * The app's fastest schedules are every 5 minutes (credits-expire, stripe-event-sweeper), so the test
 * adds a probe: a queue of its own with an every-minute schedule (no worker: its jobs are only counted),
 * read by both instances' pg-boss cron passes like any other schedule. pg-boss (10.x) keeps one job per
 * occurrence in two layers: a cron pass is claimed by one instance per 30 s (`pgboss.version.cron_on`),
 * and every pass files the occurrence in the `__pgboss__send-it` queue under the schedule's name as
 * singleton key with a 60-second slot (`singleton_on`), so a second pass in the same slot adds nothing.
 * To exercise the second layer the test clears `cron_on` every second: every instance's pass then wins
 * its claim, each minute is evaluated by several passes from both instances, and the tables must still
 * hold one send-it job and one job per slot.
 *
 * The watch lasts until the probe has fired for at least 2 slots AND the app's own every-5-minute
 * schedules have fired in the window (so up to ~6 minutes); it runs beside the load specs (2 workers).
 */
test.afterAll(closeDb);

const SEND_IT = "__pgboss__send-it";
const FIVE_MINUTE = ["credits-expire", "stripe-event-sweeper"]; // lib/jobs/ops-metering.ts, lib/jobs/stripe-event-job.ts
const WATCH_LIMIT_MS = 420_000;

test("every schedule fires once per slot with two instances running (forced concurrent cron passes)", async ({ request }) => {
  test.setTimeout(600_000);
  const sql = db();
  for (const instance of INSTANCES) expect((await request.get(`${instance}/api/health`)).status()).toBe(200);
  const appSchedules = await sql`select name, cron from pgboss.schedule order by name`;
  expect(appSchedules.map((s) => s.name)).toEqual(expect.arrayContaining([...FIVE_MINUTE, "usage-meter-flush", "ops-reconcile", "ops-anomaly", "ops-subscription-monitor"]));
  const appNames = appSchedules.map((s) => String(s.name));

  const tag = runTag("sched");
  const probe = `multi-probe-${tag}`.replaceAll("_", "-").toLowerCase();
  const [{ t0 }] = (await sql`select now() as t0`) as unknown as [{ t0: Date }];
  await sql`select pgboss.create_queue(${probe}, ${JSON.stringify({ policy: "standard" })}::json)`; // pg-boss 10: create_queue(text, json)
  await sql`insert into pgboss.schedule (name, cron, timezone, data, options) values (${probe}, '* * * * *', 'UTC', ${sql.json({ probe: tag })}, ${sql.json({})})`;

  const slotsOf = async (name: string) =>
    (await sql`select distinct singleton_on from pgboss.job where name = ${SEND_IT} and singleton_key = ${name} and created_on > ${t0}`).length;

  let claims = 0;
  let watched = 0;
  try {
    // Force: clear the cron claim every second so each instance's pass (every 30 s) wins it. Bounded by WATCH_LIMIT_MS.
    const started = Date.now();
    for (;;) {
      claims += (await sql`update pgboss.version set cron_on = null where cron_on is not null returning 1`).length;
      const done = (await slotsOf(probe)) >= 2 && (await slotsOf(FIVE_MINUTE[0]!)) >= 1 && (await slotsOf(FIVE_MINUTE[1]!)) >= 1;
      watched = Date.now() - started;
      if (done || watched > WATCH_LIMIT_MS) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    await sql`delete from pgboss.schedule where name = ${probe}`;
  }

  // Every forwarded job is filed and the app's run (bounded wait): send-it jobs of the window, and the app jobs they created.
  await expect
    .poll(async () => Number((await sql`select count(*)::int as n from pgboss.job where state <> 'completed' and created_on > ${t0} and (name = ${SEND_IT} or name = any(${sql.array(appNames)}))`)[0]!.n), {
      timeout: 90_000,
      intervals: [1_000, 2_000],
    })
    .toBe(0);

  // The probe: one send-it job per minute slot, consecutive slots, and exactly one probe job per slot.
  const probeSendIts = await sql`select singleton_on as slot, count(*)::int as n from pgboss.job
    where name = ${SEND_IT} and singleton_key = ${probe} group by 1 order by 1`;
  expect(probeSendIts.length).toBeGreaterThanOrEqual(2);
  expect(probeSendIts.every((p) => p.n === 1)).toBe(true);
  const minutes = probeSendIts.map((p) => new Date(p.slot as Date).getTime() / 60_000);
  expect(minutes).toEqual(minutes.map((_, i) => minutes[0]! + i));
  const probeJobs = await sql`select count(*)::int as n from pgboss.job where name = ${probe} and data->>'probe' = ${tag}`;
  expect(probeJobs[0]!.n).toBe(probeSendIts.length);
  // More cron passes than slots: each slot was offered by several passes (both instances) and filed once.
  expect(claims).toBeGreaterThan(probeSendIts.length);

  // The app's own schedules in the window: one send-it job per (schedule, slot); as many jobs as send-its, each run once.
  // A send-it job creates its job while it runs, so "completed after t0" pairs with "job created after t0"
  // even for a slot filed just before t0.
  const appSendIts = await sql`select singleton_key as name, singleton_on as slot, count(*)::int as n from pgboss.job
    where name = ${SEND_IT} and singleton_key = any(${sql.array(appNames)}) and completed_on > ${t0} group by 1, 2 order by 1, 2`;
  expect(appSendIts.every((s) => s.n === 1)).toBe(true);
  for (const name of FIVE_MINUTE) expect(appSendIts.filter((s) => s.name === name).length).toBeGreaterThanOrEqual(1);
  const fired: string[] = [];
  for (const name of appNames) {
    const sent = appSendIts.filter((s) => s.name === name).length;
    const jobs = await sql`select state, retry_count::int as retries from pgboss.job where name = ${name} and created_on > ${t0}`;
    expect(jobs, `${name}: one job per fired slot`).toHaveLength(sent);
    expect(jobs.every((j) => j.state === "completed" && j.retries === 0)).toBe(true);
    if (sent) fired.push(`${name}×${sent}`);
  }
  await sql`select pgboss.delete_queue(${probe})`.catch(() => undefined);
  console.log(`[multi] schedules: watched ${Math.round(watched / 1000)} s, ${claims} forced cron passes; probe (every minute) ${probeSendIts.length} slots → ${probeJobs[0]!.n} jobs; app: ${fired.join(", ")}`);
});
